using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Supervision;

[GenerateSerializer, Alias("OfficeMesh.CaseIndexState")]
public sealed class CaseIndexState
{
    [Id(0)] public Dictionary<string, CaseSummary> Cases { get; set; } = [];
}

/// <summary>
/// A county's cases, so lists and the silo-start catch-up never scan every case grain. Reentrant: a
/// catch-up calls cases that report back here.
/// </summary>
[Reentrant]
public sealed class CaseIndexGrain(
    [PersistentState("case-index", ProviderNames.GrainStorage)] IPersistentState<CaseIndexState> state,
    ILogger<CaseIndexGrain> logger) : Grain, ICaseIndexGrain
{
    private GroupCommit? _commit;

    public async Task Upsert(CaseSummary summary)
    {
        if (state.State.Cases.TryGetValue(summary.Id, out var known) && known.Version >= summary.Version)
            return;
        state.State.Cases[summary.Id] = summary;
        _commit ??= new GroupCommit(() => state.WriteStateAsync());
        await _commit.FlushAsync();
    }

    public Task<IReadOnlyList<CaseSummary>> List() =>
        Task.FromResult<IReadOnlyList<CaseSummary>>(state.State.Cases.Values.OrderBy(summary => summary.OpenedAt).ToList());

    public async Task CatchUp()
    {
        var open = state.State.Cases.Values.Where(summary => summary.Status != CaseStatus.Closed).ToList();
        var checks = open.Select(async summary =>
        {
            try
            {
                await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Case(summary.Id)).CheckDeadline();
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Catching up on case {CaseId} failed; its reminder will try again", summary.Id);
            }
        });
        await Task.WhenAll(checks);
    }
}
