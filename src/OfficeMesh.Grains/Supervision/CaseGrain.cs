using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Supervision;

[GenerateSerializer, Alias("OfficeMesh.CaseState")]
public sealed class CaseState
{
    [Id(0)] public SupervisionCase? Case { get; set; }
}

/// <summary>A supervision case (督查督办). Opening it is idempotent, so an item's outbox may deliver it twice.</summary>
public sealed class CaseGrain(
    [PersistentState("case", ProviderNames.GrainStorage)] IPersistentState<CaseState> state,
    TimeProvider clock) : Grain, ICaseGrain
{
    public async Task<SupervisionCase> Open(string countyCode, CaseDraft draft)
    {
        if (state.State.Case is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        state.State.Case = new SupervisionCase(this.GetPrimaryKeyString(), countyCode, draft.Title, draft.Description, draft.Source,
            draft.SourceRef, draft.LeadUnit, draft.CoUnits, draft.DueAt, now, CaseStatus.Open, draft.InstructingLeader,
            [new HistoryEntry(now, draft.OpenedBy, "opened", draft.SourceRef)]);
        await state.WriteStateAsync();
        return state.State.Case;
    }

    public Task<SupervisionCase?> Get() => Task.FromResult(state.State.Case);
}
