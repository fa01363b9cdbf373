using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.CountyDirectoryState")]
public sealed class CountyDirectoryState
{
    [Id(0)] public Dictionary<string, Unit> Units { get; set; } = [];
}

/// <summary>
/// The county's own list of its units, so county-wide views (scores, notices, the unit list) never scan
/// all units. Under <see cref="GrainKeys.UpperOfficeDirectory"/> the same list holds the upper offices.
/// </summary>
public sealed class CountyDirectoryGrain(
    [PersistentState("county-directory", ProviderNames.GrainStorage)] IPersistentState<CountyDirectoryState> state)
    : Grain, ICountyDirectoryGrain
{
    public async Task List(Unit unit)
    {
        if (state.State.Units.TryGetValue(unit.Code, out var listed) && listed == unit)
            return;
        state.State.Units[unit.Code] = unit;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Unit>> GetUnits() =>
        Task.FromResult<IReadOnlyList<Unit>>(state.State.Units.Values.OrderBy(unit => unit.Code, StringComparer.Ordinal).ToList());
}
