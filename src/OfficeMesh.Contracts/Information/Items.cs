namespace OfficeMesh.Contracts;

/// <summary>Topic class of an item: 重点 focus, 热点 hot, 难点 difficulty, 亮点 highlight.</summary>
[GenerateSerializer, Alias("OfficeMesh.Topic")]
public enum Topic { Focus, Hot, Difficulty, Highlight }

/// <summary>动态, 经验, 问题, 建议, 紧急信息, 社情民意, 网络舆情.</summary>
[GenerateSerializer, Alias("OfficeMesh.ItemKind")]
public enum ItemKind { Dynamic, Experience, Problem, Suggestion, Emergency, PublicSentiment, InternetOpinion }

[GenerateSerializer, Alias("OfficeMesh.Classification")]
public enum Classification { Public, Internal, Secret }

[GenerateSerializer, Alias("OfficeMesh.ItemStatus")]
public enum ItemStatus { Submitted, Accepted, Returned, Rejected, Published }

[GenerateSerializer, Alias("OfficeMesh.ReviewDecision")]
public enum ReviewDecision { Accept, Return, Reject }

[GenerateSerializer, Alias("OfficeMesh.AdoptionLevel")]
public enum AdoptionLevel { City, Province, National }

[GenerateSerializer, Alias("OfficeMesh.InstructionLevel")]
public enum InstructionLevel { County, City, Province }

/// <summary>What a unit officer writes (POST and PUT /api/v1/items).</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ItemDraft")]
public sealed record ItemDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] Topic Topic,
    [property: Id(3)] ItemKind Kind,
    [property: Id(4)] Classification Classification,
    [property: Id(5)] DateTimeOffset? OccurredAt,
    [property: Id(6)] DateTimeOffset? PhoneReportedAt);

/// <summary>When an emergency happened and reached the county; <see cref="OnTime"/> is the 2-hour rule.</summary>
[GenerateSerializer, Alias("OfficeMesh.EmergencyReceipt")]
public sealed record EmergencyReceipt(
    [property: Id(0)] DateTimeOffset OccurredAt,
    [property: Id(1)] DateTimeOffset ReceivedAt,
    [property: Id(2)] DateTimeOffset? PhoneReportedAt,
    [property: Id(3)] bool OnTime);

[GenerateSerializer, Alias("OfficeMesh.Review")]
public sealed record Review(
    [property: Id(0)] ReviewDecision Decision,
    [property: Id(1)] string Comment,
    [property: Id(2)] string Reviewer,
    [property: Id(3)] DateTimeOffset At);

[GenerateSerializer, Alias("OfficeMesh.PeriodicalPlacement")]
public sealed record PeriodicalPlacement(
    [property: Id(0)] int Year,
    [property: Id(1)] int Number,
    [property: Id(2)] string Column);

[GenerateSerializer, Alias("OfficeMesh.Forward")]
public sealed record Forward(
    [property: Id(0)] UpperLevel Level,
    [property: Id(1)] DateTimeOffset ForwardedAt,
    [property: Id(2)] string ToUnit);

[GenerateSerializer, Alias("OfficeMesh.Adoption")]
public sealed record Adoption(
    [property: Id(0)] AdoptionLevel Level,
    [property: Id(1)] string Publication,
    [property: Id(2)] DateTimeOffset AdoptedAt,
    [property: Id(3)] string RecordedBy);

[GenerateSerializer, Alias("OfficeMesh.Instruction")]
public sealed record Instruction(
    [property: Id(0)] string Id,
    [property: Id(1)] string Leader,
    [property: Id(2)] InstructionLevel Level,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset GivenAt,
    [property: Id(5)] string? CaseId);

/// <summary>续报: numbered follow-up reports on an emergency, the last one marked final.</summary>
[GenerateSerializer, Alias("OfficeMesh.FollowUp")]
public sealed record FollowUp(
    [property: Id(0)] int Number,
    [property: Id(1)] string Body,
    [property: Id(2)] bool Final,
    [property: Id(3)] DateTimeOffset At);

[GenerateSerializer, Alias("OfficeMesh.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Detail);

/// <summary>An information item (信息) as api.md shows it.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Item")]
public sealed record Item(
    [property: Id(0)] string Id,
    [property: Id(1)] string UnitCode,
    [property: Id(2)] string CountyCode,
    [property: Id(3)] string Title,
    [property: Id(4)] string Body,
    [property: Id(5)] Topic Topic,
    [property: Id(6)] ItemKind Kind,
    [property: Id(7)] Classification Classification,
    [property: Id(8)] DateTimeOffset? OccurredAt,
    [property: Id(9)] DateTimeOffset SubmittedAt,
    [property: Id(10)] ItemStatus Status,
    [property: Id(11)] EmergencyReceipt? Emergency,
    [property: Id(12)] IReadOnlyList<Review> Reviews,
    [property: Id(13)] PeriodicalPlacement? Periodical,
    [property: Id(14)] IReadOnlyList<Forward> Forwards,
    [property: Id(15)] IReadOnlyList<Adoption> Adoptions,
    [property: Id(16)] IReadOnlyList<Instruction> Instructions,
    [property: Id(17)] IReadOnlyList<FollowUp> FollowUps,
    [property: Id(18)] IReadOnlyList<HistoryEntry> History,
    [property: Id(19)] int Version);

/// <summary>
/// What the indexes keep of an item: enough to list, filter, authorize and score without touching
/// the item itself. <see cref="Version"/> orders updates, so a late or repeated one is ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ItemSummary")]
public sealed record ItemSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string UnitCode,
    [property: Id(2)] string CountyCode,
    [property: Id(3)] string Title,
    [property: Id(4)] Topic Topic,
    [property: Id(5)] ItemKind Kind,
    [property: Id(6)] Classification Classification,
    [property: Id(7)] ItemStatus Status,
    [property: Id(8)] DateTimeOffset SubmittedAt,
    [property: Id(9)] DateTimeOffset? OccurredAt,
    [property: Id(10)] EmergencyReceipt? Emergency,
    [property: Id(11)] IReadOnlyList<Forward> Forwards,
    [property: Id(12)] IReadOnlyList<AdoptionLevel> Adoptions,
    [property: Id(13)] IReadOnlyList<InstructionLevel> Instructions,
    [property: Id(14)] int Version,
    [property: Id(15)] string? SubmittedBy = null);

[GenerateSerializer, Alias("OfficeMesh.InstructionRequest")]
public sealed record InstructionRequest(
    [property: Id(0)] string Leader,
    [property: Id(1)] InstructionLevel Level,
    [property: Id(2)] string Text,
    [property: Id(3)] CaseOpening? OpenCase);

[GenerateSerializer, Alias("OfficeMesh.CaseOpening")]
public sealed record CaseOpening(
    [property: Id(0)] string LeadUnit,
    [property: Id(1)] IReadOnlyList<string> CoUnits,
    [property: Id(2)] DateTimeOffset DueAt);

/// <summary>
/// A filter over a county's (or an upper office's) items; every part optional. Lists run newest first
/// unless <see cref="OldestFirst"/> (the review queue: who has waited longest).
/// </summary>
[GenerateSerializer, Alias("OfficeMesh.ItemQuery")]
public sealed record ItemQuery(
    [property: Id(0)] string? UnitCode,
    [property: Id(1)] ItemStatus? Status,
    [property: Id(2)] ItemKind? Kind,
    [property: Id(3)] DateTimeOffset? From,
    [property: Id(4)] DateTimeOffset? To,
    [property: Id(5)] Topic? Topic = null,
    [property: Id(6)] bool OldestFirst = false)
{
    public bool Matches(ItemSummary item) =>
        (UnitCode is null || item.UnitCode == UnitCode)
        && (Status is null || item.Status == Status)
        && (Kind is null || item.Kind == Kind)
        && (Topic is null || item.Topic == Topic)
        && (From is null || item.SubmittedAt >= From)
        && (To is null || item.SubmittedAt <= To);
}
