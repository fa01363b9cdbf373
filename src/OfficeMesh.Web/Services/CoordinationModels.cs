namespace OfficeMesh.Web.Services;

// What the coordination (协调/会商) and leaders' (领导) pages read and send (api.md). Kept apart from the
// other models so these pages grow without touching the files of the information section's pages.

public sealed record CoordinationRequest(string Title, string Body, string Kind, IReadOnlyList<string> Units, DateTimeOffset? DueAt);

public sealed record CoordinationAnswerRequest(string Text, string Position);

/// <summary>One listed unit's answer, or <c>pending</c> (未答复).</summary>
public sealed record UnitAnswerView(string UnitCode, string Status, string? Position, string? Text, DateTimeOffset? At)
{
    public bool Answered => Status == "answered";
}

public sealed record CoordinationView(
    string Id, string CreatorUnit, string Title, string Body, string Kind, DateTimeOffset DueAt, DateTimeOffset CreatedAt, string CreatedBy,
    IReadOnlyList<UnitAnswerView> Responses);

public sealed record CoordinationUnitView(string UnitCode, string Status, string? Position, DateTimeOffset? At)
{
    public bool Answered => Status == "answered";
}

/// <summary>A coordination in the unit's list: <see cref="Role"/> is <c>created</c> or <c>asked</c>.</summary>
public sealed record CoordinationListEntry(
    string Id, string CreatorUnit, string Title, string Kind, DateTimeOffset DueAt, DateTimeOffset CreatedAt, string Role,
    IReadOnlyList<CoordinationUnitView> Units);

public sealed record LightCountsView(int Open, int Green, int Yellow, int Red);

public sealed record WatchedCaseView(string Id, string? Number, string Title, string LeadUnit, DateTimeOffset DueAt, string Status, string Light);

public sealed record InstructionCaseView(
    string CaseId, string? Number, string Title, string? ItemId, string? Leader, string LeadUnit, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    string Status, string Light, DateTimeOffset? ClosedAt, string? Result);

public sealed record MonthScoresView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ScoreRowView> Rows);

/// <summary>领导驾驶舱: the county at a glance, in one call.</summary>
public sealed record LeaderOverviewView(
    DateTimeOffset At, IReadOnlyList<ItemSummary> Emergencies, LightCountsView Cases, IReadOnlyList<WatchedCaseView> Watched,
    IReadOnlyList<InstructionCaseView> Instructions, MonthScoresView Scores);
