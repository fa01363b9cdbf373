using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// Gathers a county's units and the month partitions of a period, then applies <see cref="ScoreCalculator"/>
/// (units, or the submitting accounts). Holds no state.
/// </summary>
[StatelessWorker]
public sealed class ScoreboardGrain : Grain, IScoreboardGrain
{
    private string CountyCode => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<ScoreRow>> Compute(DateTimeOffset from, DateTimeOffset to, ScoringRules rules)
    {
        var units = (await GrainFactory.GetGrain<ICountyDirectoryGrain>(GrainKeys.CountyDirectory(CountyCode)).GetUnits())
            .Where(unit => unit.Kind is UnitKind.Township or UnitKind.Department)
            .Select(unit => unit.Code);
        return ScoreCalculator.Compute(units, await ItemsAsync(from, to), rules);
    }

    public async Task<IReadOnlyList<AuthorScoreRow>> ComputeAuthors(DateTimeOffset from, DateTimeOffset to, ScoringRules rules) =>
        ScoreCalculator.ComputeAuthors(await ItemsAsync(from, to), rules);

    private async Task<IEnumerable<ItemSummary>> ItemsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var query = new ItemQuery(null, null, null, from, to);
        var partitions = await Task.WhenAll(GrainKeys.MonthsBackwards(from, to).Select(month =>
            GrainFactory.GetGrain<IItemIndexGrain>(GrainKeys.CountyItems(CountyCode, month)).Query(null, query, null, int.MaxValue)));
        return partitions.SelectMany(items => items);
    }
}
