namespace OfficeMesh.Web.Services;

// What the supervision pages (督查督办) read from and send to /api/v1/cases (api.md, workflow B and its
// additions). Enumerations stay the API's kebab strings; Labels gives their Chinese names.

public sealed record CaseListEntry(
    string Id, string Title, string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    string Status, string Light, string? Number, string? Source, string? Leader, int? WorkingDaysLeft);

public sealed record ProgressReportView(string Unit, string Text, string? Obstacles, int? Percent, DateTimeOffset At, string By);

public sealed record CaseResultView(string Text, DateTimeOffset SubmittedAt, string By);

public sealed record UrgingView(DateTimeOffset At, string Kind, string ToUnit);

public sealed record ExtensionView(
    string Reason, DateTimeOffset PreviousDueAt, DateTimeOffset RequestedDueAt, DateTimeOffset RequestedAt, string RequestedBy,
    bool? Approved, string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment);

public sealed record CaseView(
    string Id, string? Number, string Title, string Description, string Source, string? SourceRef, string LeadUnit,
    IReadOnlyList<string> CoUnits, DateTimeOffset DueAt, DateTimeOffset OpenedAt, string Status, string Light,
    IReadOnlyList<ProgressReportView> Progress, CaseResultView? Result, IReadOnlyList<UrgingView> Urgings, DateTimeOffset? ClosedAt,
    string? ReportedTo, IReadOnlyList<ExtensionView> Extensions, IReadOnlyList<HistoryEntry> History,
    string? Leader, string? InstructingLeader, string? InstructionId, bool? ClosedOnTime, int? OverdueDays)
{
    public ExtensionView? PendingExtension => Extensions.Count > 0 && Extensions[^1].Approved is null ? Extensions[^1] : null;

    public bool Involves(string? unit) => unit is not null && (LeadUnit == unit || CoUnits.Contains(unit));
}

public sealed record WorkingDaysDeadline(DateTimeOffset From, int Days, DateTimeOffset DueAt);

public sealed record CaseFilter(string? Unit, string? Status, string? Light, string? Source, string? Leader);

public sealed record OpenCaseRequest(
    string Title, string Description, string Source, string LeadUnit, IReadOnlyList<string> CoUnits, string? Leader,
    DateTimeOffset? DueAt, int? DueInWorkingDays);

public sealed record ProgressRequest(string Text, string? Obstacles, int? Percent);

public sealed record ExtensionRequest(string Reason, DateTimeOffset NewDueAt);

public sealed record ExtensionDecision(bool Approve, string? Comment);

public sealed record DispositionRequest(string Decision, string? Reason, DispositionCase? OpenCase);

public sealed record DispositionCase(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset DueAt);

/// <summary>A deadline being chosen on a form (<c>DeadlineField</c>): working days on the work calendar, or a date.</summary>
public sealed class DeadlineChoice
{
    public bool ByWorkingDays { get; set; } = true;
    public int? WorkingDays { get; set; } = 15;
    public DateOnly? DueDate { get; set; }
    /// <summary>The date the working days give, from the server's work calendar.</summary>
    public WorkingDaysDeadline? Preview { get; set; }

    /// <summary>The end of the chosen date in China time (null when working days are chosen).</summary>
    public DateTimeOffset? DueAtDate => ByWorkingDays || DueDate is not { } date ? null : ChinaTime.EndOfDay(date);

    /// <summary>What is still missing, by the request field it concerns.</summary>
    public (string Field, string Message)? Missing =>
        ByWorkingDays ? WorkingDays is null ? ("dueInWorkingDays", "请填写办理工作日数。") : null
        : DueDate is null ? ("dueAt", "请选择办理期限。") : null;
}
