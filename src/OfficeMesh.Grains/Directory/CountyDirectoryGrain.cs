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
    public Task List(Unit unit) => state.MergeAndWriteAsync(directory =>
    {
        if (directory.Units.TryGetValue(unit.Code, out var listed) && listed == unit)
            return false;
        directory.Units[unit.Code] = unit;
        return true;
    });

    public Task<IReadOnlyList<Unit>> GetUnits() =>
        Task.FromResult<IReadOnlyList<Unit>>(state.State.Units.Values.OrderBy(unit => unit.Code, StringComparer.Ordinal).ToList());
}
