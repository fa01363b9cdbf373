namespace OfficeMesh.Web.Services;

// What the pages read from and send to /api/v1 (api.md). Enumerations stay the API's kebab strings;
// Labels gives their Chinese names.

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string Username, string? UnitCode, IReadOnlyList<string> Roles);

public sealed record UnitView(
    string Code, string Name, string Kind, string? ParentCode, string? Level, bool DirectReporting, string? CountyCode, DateTimeOffset CreatedAt);

public sealed record AccountView(
    string Username, string? UnitCode, IReadOnlyList<string> Roles, string? DisplayName, string? Mobile, bool Disabled, DateTimeOffset? LastSignInAt);

public sealed record InboxEntry(string Type, string Id, string Title, DateTimeOffset Since, DateTimeOffset? DueAt, string? Light, string? Detail);

public sealed record EmergencyReceipt(DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, DateTimeOffset? PhoneReportedAt, bool OnTime);

public sealed record ReviewView(string Decision, string Comment, string Reviewer, DateTimeOffset At);

public sealed record PeriodicalPlacement(int Year, int Number, string Column);

public sealed record ForwardView(string Level, DateTimeOffset ForwardedAt);

public sealed record AdoptionView(string Level, string Publication, DateTimeOffset AdoptedAt);

public sealed record InstructionView(string Id, string Leader, string Level, string Text, DateTimeOffset GivenAt, string? CaseId);

public sealed record FollowUpView(int Number, string Body, bool Final, DateTimeOffset At);

public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string? Detail);

public sealed record ItemView(
    string Id,
    string UnitCode,
    string Title,
    string Body,
    string Topic,
    string Kind,
    string Classification,
    DateTimeOffset? OccurredAt,
    DateTimeOffset SubmittedAt,
    string Status,
    EmergencyReceipt? Emergency,
    IReadOnlyList<ReviewView>? Reviews,
    PeriodicalPlacement? Periodical,
    IReadOnlyList<ForwardView>? Forwards,
    IReadOnlyList<AdoptionView>? Adoptions,
    IReadOnlyList<InstructionView>? Instructions,
    IReadOnlyList<FollowUpView>? FollowUps,
    IReadOnlyList<HistoryEntry>? History)
{
    /// <summary>The editor's latest comment, what a returned item's revision answers.</summary>
    public ReviewView? LatestReview => Reviews is { Count: > 0 } reviews ? reviews[^1] : null;
}

public sealed record ItemSummary(
    string Id, string UnitCode, string Title, string Topic, string Kind, string Classification, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? OccurredAt, EmergencyReceipt? Emergency);

public sealed record ItemRequest(
    string Title, string Body, string Topic, string Kind, string Classification, DateTimeOffset? OccurredAt, DateTimeOffset? PhoneReportedAt);

public sealed record FollowUpRequest(string Body, bool Final);

public sealed record CreateUnitRequest(string Code, string Name, string Kind, string? ParentCode, string? Level, bool DirectReporting);

public sealed record CreateAccountRequest(
    string Username, string Password, string? UnitCode, IReadOnlyList<string> Roles, string? DisplayName, string? Mobile);
