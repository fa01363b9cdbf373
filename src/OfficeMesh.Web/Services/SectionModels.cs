namespace OfficeMesh.Web.Services;

// What the information section, the duty room and the upper offices read and send (api.md). Kept
// apart from Models.cs so the officers' and the section's pages grow without touching one file.

/// <summary>An item as the section's lists show it, with how far it went upward.</summary>
public sealed record SectionItemSummary(
    string Id, string UnitCode, string Title, string Topic, string Kind, string Classification, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? OccurredAt, EmergencyReceipt? Emergency,
    IReadOnlyList<ForwardView>? Forwards, IReadOnlyList<string>? Adoptions, IReadOnlyList<string>? Instructions);

public sealed record ReviewDecisionRequest(string Decision, string Comment);

public sealed record ForwardItemRequest(string Level);

public sealed record AdoptionRequest(string Level, string Publication);

public sealed record CaseOpeningRequest(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset DueAt);

public sealed record InstructionRequest(string Leader, string Level, string Text, CaseOpeningRequest? OpenCase);

public sealed record IssueEntryRequest(string ItemId, string Column);

public sealed record IssueRequest(string? Title, IReadOnlyList<IssueEntryRequest> Entries);

public sealed record IssueEntryView(string ItemId, string Column, string? Title, string? UnitCode);

/// <summary>One numbered issue of the county's periodical (《信息》2026年第3期).</summary>
public sealed record PeriodicalIssueView(int Year, int Number, string? Title, DateTimeOffset PublishedAt, IReadOnlyList<IssueEntryView> Entries)
{
    public string Name => $"{Year}年第{Number}期";
}

public sealed record NoticeRequest(string Title, string Body, IReadOnlyList<string> KeyPoints, IReadOnlyList<string>? Audience);

public sealed record NoticeView(
    string Id, string Title, string Body, IReadOnlyList<string>? KeyPoints, IReadOnlyList<string>? Audience, DateTimeOffset PublishedAt, string PublishedBy);

public sealed record AdoptionCountsView(int City, int Province, int National)
{
    public int Total => City + Province + National;
}

public sealed record ScoreRowView(
    string UnitCode, int Submitted, int Accepted, int Published, AdoptionCountsView Adoptions, int Instructions,
    int LateEmergencies, int Points, int Rank, double? AdoptionRate)
{
    /// <summary>A unit that earned nothing in the period: the table makes it stand out.</summary>
    public bool IsZero => Points == 0;
}

public sealed record ScoreTableView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ScoreRowView> Rows);

/// <summary>The filters of the section's list of all items.</summary>
public sealed record ItemFilter(string? Unit, string? Status, string? Kind, string? Topic, DateOnly? From, DateOnly? To);
