using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Supervision;

[GenerateSerializer, Alias("OfficeMesh.CaseNumberState")]
public sealed class CaseNumberState
{
    /// <summary>The case given each number: number n is <c>Cases[n - 1]</c>.</summary>
    [Id(0)] public List<string> Cases { get; set; } = [];
}

/// <summary>
/// A county's case numbers for one year, like <see cref="Information.PeriodicalGrain"/>'s issue numbers: one
/// grain per county and year hands them out one call at a time, so two openings at once get n and n+1,
/// never the same number and never a gap. The number is stored before it is returned.
/// </summary>
public sealed class CaseNumberGrain(
    [PersistentState("case-numbers", ProviderNames.GrainStorage)] IPersistentState<CaseNumberState> state) : Grain, ICaseNumberGrain
{
    public async Task<int> Assign(string caseId)
    {
        var given = state.State.Cases.IndexOf(caseId);
        if (given >= 0)
            return given + 1;
        state.State.Cases.Add(caseId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not given: the next opening takes this number instead.
            state.State.Cases.RemoveAt(state.State.Cases.Count - 1);
            throw;
        }
        return state.State.Cases.Count;
    }
}
