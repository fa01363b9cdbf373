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
    TimeProvider clock,
    ILogger<CaseIndexGrain> logger) : Grain, ICaseIndexGrain
{
    private static readonly TimeSpan GaugePeriod = TimeSpan.FromSeconds(15);
    private GroupCommit? _commit;
    private Dictionary<string, CaseSummary> _cases = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cases = new Dictionary<string, CaseSummary>(state.State.Cases);
        this.RegisterGrainTimer(() => { ReportLights(); return Task.CompletedTask; }, new GrainTimerCreationOptions(TimeSpan.Zero, GaugePeriod) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOpenCases(this.GetPrimaryKeyString(), null);
        return Task.CompletedTask;
    }

    /// <summary>Lights change with the clock alone, so they are recounted on a timer, not only on updates.</summary>
    private void ReportLights()
    {
        var now = clock.GetUtcNow();
        var lights = _cases.Values.Where(summary => summary.Status != CaseStatus.Closed)
            .Select(summary => Deadlines.LightAt(summary.OpenedAt, summary.DueAt, now, closedAt: null)).ToList();
        OfficeMeshMetrics.ReportOpenCases(this.GetPrimaryKeyString(),
            (lights.Count(light => light == Light.Green), lights.Count(light => light == Light.Yellow), lights.Count(light => light == Light.Red)));
    }

    public async Task Upsert(CaseSummary summary)
    {
        if (_cases.TryGetValue(summary.Id, out var known) && known.Version >= summary.Version)
            return;
        _cases[summary.Id] = summary;
        ReportLights();
        // Storage gets a snapshot: it may serialize off this grain's turn while interleaved upserts go on.
        _commit ??= new GroupCommit(() =>
        {
            state.State = new CaseIndexState { Cases = new Dictionary<string, CaseSummary>(_cases) };
            return state.WriteStateAsync();
        });
        await _commit.FlushAsync();
    }

    public Task<IReadOnlyList<CaseSummary>> List() =>
        Task.FromResult<IReadOnlyList<CaseSummary>>(_cases.Values.OrderBy(summary => summary.OpenedAt).ToList());

    public async Task CatchUp()
    {
        var open = _cases.Values.Where(summary => summary.Status != CaseStatus.Closed).ToList();
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
