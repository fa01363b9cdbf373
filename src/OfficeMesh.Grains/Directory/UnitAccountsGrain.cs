using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.UnitAccountsState")]
public sealed class UnitAccountsState
{
    // Kept in ordinal order, so a page is a range.
    [Id(0)] public List<string> Usernames { get; set; } = [];
}

/// <summary>One unit's account names, for the admin's account list; the accounts themselves answer for their details.</summary>
public sealed class UnitAccountsGrain(
    [PersistentState("unit-accounts", ProviderNames.GrainStorage)] IPersistentState<UnitAccountsState> state)
    : Grain, IUnitAccountsGrain
{
    public async Task Add(string username)
    {
        var position = state.State.Usernames.BinarySearch(username, StringComparer.Ordinal);
        if (position >= 0)
            return;
        state.State.Usernames.Insert(~position, username);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Usernames(string? after, int limit) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Usernames
            .Where(username => after is null || string.CompareOrdinal(username, after) > 0)
            .Take(limit)
            .ToList());
}
