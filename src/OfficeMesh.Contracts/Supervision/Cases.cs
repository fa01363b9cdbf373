namespace OfficeMesh.Contracts;

[GenerateSerializer, Alias("OfficeMesh.CaseSource")]
public enum CaseSource { Instruction, WorkPlan, Meeting, Assigned }

[GenerateSerializer, Alias("OfficeMesh.CaseStatus")]
public enum CaseStatus { Open, ResultSubmitted, Closed }

/// <summary>What opens a supervision case (督查督办).</summary>
[GenerateSerializer, Alias("OfficeMesh.CaseDraft")]
public sealed record CaseDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] CaseSource Source,
    [property: Id(3)] string? SourceRef,
    [property: Id(4)] string LeadUnit,
    [property: Id(5)] IReadOnlyList<string> CoUnits,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] string OpenedBy,
    [property: Id(8)] string? InstructingLeader);

[GenerateSerializer, Alias("OfficeMesh.SupervisionCase")]
public sealed record SupervisionCase(
    [property: Id(0)] string Id,
    [property: Id(1)] string CountyCode,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] CaseSource Source,
    [property: Id(5)] string? SourceRef,
    [property: Id(6)] string LeadUnit,
    [property: Id(7)] IReadOnlyList<string> CoUnits,
    [property: Id(8)] DateTimeOffset DueAt,
    [property: Id(9)] DateTimeOffset OpenedAt,
    [property: Id(10)] CaseStatus Status,
    [property: Id(11)] string? InstructingLeader,
    [property: Id(12)] IReadOnlyList<HistoryEntry> History);

/// <summary>A supervision case. Key: <see cref="GrainKeys.Case"/>.</summary>
[Alias("OfficeMesh.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: opening an open case with the same draft returns it.</summary>
    [Alias("Open")] Task<SupervisionCase> Open(string countyCode, CaseDraft draft);

    [Alias("Get")] Task<SupervisionCase?> Get();
}
