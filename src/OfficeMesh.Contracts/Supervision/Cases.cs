namespace OfficeMesh.Contracts;

[GenerateSerializer, Alias("OfficeMesh.CaseSource")]
public enum CaseSource { Instruction, WorkPlan, Meeting, Assigned }

[GenerateSerializer, Alias("OfficeMesh.CaseStatus")]
public enum CaseStatus { Open, ResultSubmitted, Closed }

/// <summary>红黄绿灯: on track, due soon (75% of the time used), overdue.</summary>
[GenerateSerializer, Alias("OfficeMesh.Light")]
public enum Light { Green, Yellow, Red }

[GenerateSerializer, Alias("OfficeMesh.UrgingKind")]
public enum UrgingKind { Reminder, Overdue }

/// <summary>What opens a supervision case (督查督办).</summary>
[GenerateSerializer, Alias("OfficeMesh.CaseDraft")]
public sealed record CaseDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] CaseSource Source,
    [property: Id(3)] string? SourceRef,
    [property: Id(4)] string LeadUnit,
    [property: Id(5)] IReadOnlyList<string> CoUnits,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] string OpenedBy,
    [property: Id(8)] string? InstructingLeader,
    [property: Id(9)] int? DueInWorkingDays = null,
    [property: Id(10)] string? Leader = null,
    [property: Id(11)] string? InstructionId = null);

[GenerateSerializer, Alias("OfficeMesh.ProgressReport")]
public sealed record ProgressReport(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Text,
    [property: Id(2)] string? Obstacles,
    [property: Id(3)] int? Percent,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string By);

[GenerateSerializer, Alias("OfficeMesh.CaseResult")]
public sealed record CaseResult(
    [property: Id(0)] string Text,
    [property: Id(1)] DateTimeOffset SubmittedAt,
    [property: Id(2)] string By);

/// <summary>An urging (催办) the system sent by itself; <see cref="Slot"/> numbers it so it is sent once.</summary>
[GenerateSerializer, Alias("OfficeMesh.Urging")]
public sealed record Urging(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] UrgingKind Kind,
    [property: Id(2)] string ToUnit,
    [property: Id(3)] int Slot);

/// <summary>延期: asked by the lead unit before the deadline; decided by the supervision office.</summary>
[GenerateSerializer, Alias("OfficeMesh.ExtensionRequest")]
public sealed record ExtensionRequest(
    [property: Id(0)] string Reason,
    [property: Id(1)] DateTimeOffset PreviousDueAt,
    [property: Id(2)] DateTimeOffset RequestedDueAt,
    [property: Id(3)] DateTimeOffset RequestedAt,
    [property: Id(4)] string RequestedBy,
    [property: Id(5)] bool? Approved,
    [property: Id(6)] string? DecidedBy,
    [property: Id(7)] DateTimeOffset? DecidedAt,
    [property: Id(8)] string? Comment);

[GenerateSerializer, Immutable, Alias("OfficeMesh.SupervisionCase")]
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
    [property: Id(12)] IReadOnlyList<HistoryEntry> History,
    [property: Id(13)] IReadOnlyList<ProgressReport> Progress,
    [property: Id(14)] CaseResult? Result,
    [property: Id(15)] IReadOnlyList<Urging> Urgings,
    [property: Id(16)] DateTimeOffset? ClosedAt,
    [property: Id(17)] string? ReportedTo,
    [property: Id(18)] IReadOnlyList<ExtensionRequest> Extensions,
    [property: Id(19)] string? Leader = null,
    [property: Id(20)] string? InstructionId = null,
    [property: Id(21)] bool? ClosedOnTime = null,
    [property: Id(22)] int? OverdueDays = null,
    [property: Id(23)] string? Number = null)
{
    public bool Involves(string? unitCode) => unitCode is not null && (LeadUnit == unitCode || CoUnits.Contains(unitCode));
}

/// <summary>A case with its light as of the moment it was read.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.CaseView")]
public sealed record CaseView([property: Id(0)] SupervisionCase Case, [property: Id(1)] Light Light);

/// <summary>What the case index keeps of a case.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.CaseSummary")]
public sealed record CaseSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string LeadUnit,
    [property: Id(3)] IReadOnlyList<string> CoUnits,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] CaseStatus Status,
    [property: Id(7)] int Version,
    [property: Id(8)] DateTimeOffset? ClosedAt = null,
    [property: Id(9)] string? Number = null,
    [property: Id(10)] CaseSource? Source = null,
    [property: Id(11)] string? Leader = null,
    [property: Id(12)] string? InstructingLeader = null,
    [property: Id(13)] string? OpenedBy = null,
    [property: Id(14)] string? SourceRef = null,
    [property: Id(15)] string? ResultText = null)
{
    /// <summary>The leader a case answers to: who assigned it, else who gave the instruction it came from.</summary>
    public static string? LeaderOf(SupervisionCase c) => c.Leader ?? c.InstructingLeader;

    /// <summary>
    /// A case opened for a leader's instruction given by this leader (by name, as the instruction was signed, or
    /// by the account that gave it), so the leaders' page reads them from the index (果必报).
    /// </summary>
    public bool InstructedBy(string username, string? displayName) =>
        Source == CaseSource.Instruction
        && (OpenedBy == username || (InstructingLeader is { } leader && (leader == username || leader == displayName)));
}


/// <summary>A supervision case. Key: <see cref="GrainKeys.Case"/>. Permission is checked against the caller.</summary>
[Alias("OfficeMesh.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: opening an open case returns it. For other grains (an instruction's outbox); no permission check.</summary>
    [Alias("Open")] Task<SupervisionCase> Open(string countyCode, CaseDraft draft);

    /// <summary>The supervision office opens a case (POST /cases).</summary>
    [Alias("Create")] Task<CaseView> Create(Caller caller, CaseDraft draft);

    /// <summary>The case without a permission check (for other grains).</summary>
    [Alias("Get")] Task<SupervisionCase?> Get();

    /// <summary>The case with its light, or <see cref="DomainError.NotFound"/> if the caller may not see it.</summary>
    [Alias("View")] Task<CaseView> View(Caller caller);

    [Alias("ReportProgress")] Task<CaseView> ReportProgress(Caller caller, string text, string? obstacles, int? percent);

    [Alias("SubmitResult")] Task<CaseView> SubmitResult(Caller caller, string text);

    [Alias("Close")] Task<CaseView> Close(Caller caller);

    /// <summary>退回重办: the supervision office sends a submitted result back; the case is open again.</summary>
    [Alias("ReturnResult")] Task<CaseView> ReturnResult(Caller caller, string reason);

    [Alias("RequestExtension")] Task<CaseView> RequestExtension(Caller caller, string reason, DateTimeOffset newDueAt);

    [Alias("DecideExtension")] Task<CaseView> DecideExtension(Caller caller, bool approve, string? comment);

    /// <summary>What the reminder does: send any urging now due, deliver anything owed. Safe to call any number of times.</summary>
    [Alias("CheckDeadline")] Task CheckDeadline();
}

/// <summary>
/// Hands out a county's case numbers for one year (督〔2026〕7号), one call at a time. Key:
/// <see cref="GrainKeys.CaseNumbers"/>. A case asking again gets the number it was given, so a retried
/// opening neither skips nor repeats a number.
/// </summary>
[Alias("OfficeMesh.ICaseNumberGrain")]
public interface ICaseNumberGrain : IGrainWithStringKey
{
    [Alias("Assign")] Task<int> Assign(string caseId);
}

/// <summary>The readable number of a case: 督〔year〕n号.</summary>
public static class CaseNumbers
{
    public static string Format(int year, int sequence) => $"督〔{year}〕{sequence}号";
}

/// <summary>The cases of one county. Key: <see cref="GrainKeys.CaseIndex"/>.</summary>
[Alias("OfficeMesh.ICaseIndexGrain")]
public interface ICaseIndexGrain : IGrainWithStringKey
{
    /// <summary>Idempotent, ordered by version.</summary>
    [Alias("Upsert")] Task Upsert(CaseSummary summary);

    [Alias("List")] Task<IReadOnlyList<CaseSummary>> List();

    /// <summary>Asks every case that is not closed to check its deadline (at silo start: catch up on what passed while down).</summary>
    [Alias("CatchUp")] Task CatchUp();
}
