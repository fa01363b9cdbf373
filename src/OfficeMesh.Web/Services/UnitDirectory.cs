namespace OfficeMesh.Web.Services;

/// <summary>
/// Unit names for the pages that list units by code (scores, items, emergencies), remembered for the
/// tab's life. The county's units come in one list call when the API offers it, else one by one.
/// </summary>
public sealed class UnitDirectory(ApiClient api)
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<IReadOnlyList<UnitView>>> _children = new(StringComparer.Ordinal);

    public string Name(string? code) => code is not null && _names.TryGetValue(code, out var name) ? name : code ?? "";

    /// <summary>
    /// The units under a county office (townships and departments), or empty when they cannot be listed. Asked for
    /// once per tab: a page that asks while the first answer is on its way waits for that answer.
    /// </summary>
    public Task<IReadOnlyList<UnitView>> ChildrenAsync(string county)
    {
        if (_children.TryGetValue(county, out var known) && !known.IsFaulted)
            return known;
        return _children[county] = FetchChildrenAsync(county);
    }

    private async Task<IReadOnlyList<UnitView>> FetchChildrenAsync(string county)
    {
        try
        {
            var units = (await api.GetAsync<Page<UnitView>>(ApiClient.Query("units", ("parent", county), ("limit", "500")))).Items
                .Where(unit => unit.Code != county).ToList();
            foreach (var unit in units)
                _names[unit.Code] = unit.Name;
            return units;
        }
        catch (ApiException failure) when (failure.Status is 404 or 405 or 400 or 403)
        {
            return [];
        }
    }

    /// <summary>Looks up the names not known yet.</summary>
    public async Task LoadAsync(IEnumerable<string> codes)
    {
        var missing = codes.Where(code => !_names.ContainsKey(code)).Distinct().ToList();
        await Task.WhenAll(missing.Select(async code =>
        {
            try
            {
                _names[code] = (await api.GetAsync<UnitView>($"units/{Uri.EscapeDataString(code)}")).Name;
            }
            catch (ApiException failure) when (failure.Status is 404 or 403)
            {
                _names[code] = code;
            }
        }));
    }
}
