using Orleans.Concurrency;

namespace OfficeMesh.Contracts;

/// <summary>Receives each new emergency of a county as it arrives (the duty room's live feed).</summary>
[Alias("OfficeMesh.IEmergencyObserver")]
public interface IEmergencyObserver : IGrainObserver
{
    /// <summary>One-way: a slow or vanished listener must never hold up the submission of an emergency.</summary>
    [OneWay, Alias("OnEmergency")] Task OnEmergency(Item item);
}

/// <summary>
/// The emergency side of a county's reporting channel (<see cref="IReportingChannelGrain"/> with
/// <see cref="ReportingChannel.Emergency"/>): its own grain, so emergencies never wait behind routine traffic.
/// </summary>
[Alias("OfficeMesh.IEmergencyChannelGrain")]
public interface IEmergencyChannelGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: an emergency already received is not announced again, only its summary updated (see <see cref="IItemIndexGrain.Upsert"/>).</summary>
    [Alias("Receive")] Task Receive(Item item, Delivery delivery);

    /// <summary>Emergencies received at or after <paramref name="since"/>, newest first.</summary>
    [Alias("Recent")] Task<IReadOnlyList<ItemSummary>> Recent(DateTimeOffset? since, int limit);

    /// <summary>Subscriptions expire unless renewed, so a vanished listener is forgotten.</summary>
    [Alias("Subscribe")] Task Subscribe(IEmergencyObserver observer);

    [Alias("Unsubscribe")] Task Unsubscribe(IEmergencyObserver observer);
}

[GenerateSerializer, Alias("OfficeMesh.PeriodicalEntry")]
public sealed record PeriodicalEntry(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string Column,
    [property: Id(2)] string Title,
    [property: Id(3)] string UnitCode);

/// <summary>One numbered issue of the county's periodical (e.g. 《淳安信息》2026年第3期).</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.PeriodicalIssue")]
public sealed record PeriodicalIssue(
    [property: Id(0)] string CountyCode,
    [property: Id(1)] int Year,
    [property: Id(2)] int Number,
    [property: Id(3)] string? Title,
    [property: Id(4)] DateTimeOffset PublishedAt,
    [property: Id(5)] string Editor,
    [property: Id(6)] IReadOnlyList<PeriodicalEntry> Entries);

/// <summary>An issue as the list of a year's issues shows it: without its entries, only how many.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.PeriodicalIssueSummary")]
public sealed record PeriodicalIssueSummary(
    [property: Id(0)] string CountyCode,
    [property: Id(1)] int Year,
    [property: Id(2)] int Number,
    [property: Id(3)] string? Title,
    [property: Id(4)] DateTimeOffset PublishedAt,
    [property: Id(5)] string Editor,
    [property: Id(6)] int EntryCount);

[GenerateSerializer, Alias("OfficeMesh.PeriodicalRequestEntry")]
public sealed record PeriodicalRequestEntry([property: Id(0)] string ItemId, [property: Id(1)] string Column);

/// <summary>A county's periodical for one year. Key: <see cref="GrainKeys.Periodical"/>. Numbers issues 1, 2, 3… with no gap.</summary>
[Alias("OfficeMesh.IPeriodicalGrain")]
public interface IPeriodicalGrain : IGrainWithStringKey
{
    [Alias("Publish")] Task<PeriodicalIssue> Publish(Caller editor, string? title, IReadOnlyList<PeriodicalRequestEntry> entries);

    [Alias("GetIssue")] Task<PeriodicalIssue?> GetIssue(int number);

    /// <summary>The year's issues, newest first.</summary>
    [Alias("ListIssues")] Task<IReadOnlyList<PeriodicalIssueSummary>> ListIssues();
}

/// <summary>通报: the section's notice to units, with the reporting key points (报送要点).</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Notice")]
public sealed record Notice(
    [property: Id(0)] string Id,
    [property: Id(1)] string CountyCode,
    [property: Id(2)] string Title,
    [property: Id(3)] string Body,
    [property: Id(4)] IReadOnlyList<string> KeyPoints,
    [property: Id(5)] IReadOnlyList<string>? Audience,
    [property: Id(6)] DateTimeOffset PublishedAt,
    [property: Id(7)] string PublishedBy)
{
    /// <summary>Whether the notice reaches <paramref name="unitCode"/>'s inbox: addressed to it or to every unit (the county office sees all its notices).</summary>
    public bool IsFor(string unitCode) => Audience is null || Audience.Contains(unitCode) || unitCode == CountyCode;

    /// <summary>The notice as it waits in a unit's inbox.</summary>
    public InboxEntry AsInboxEntry() => new(InboxTypes.Notice, Id, Title, PublishedAt, null, null, null);
}

[GenerateSerializer, Alias("OfficeMesh.NoticeDraft")]
public sealed record NoticeDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] IReadOnlyList<string> KeyPoints,
    [property: Id(3)] IReadOnlyList<string>? Audience);

/// <summary>A county's notices. Key: <see cref="GrainKeys.NoticeBoard"/>.</summary>
[Alias("OfficeMesh.INoticeBoardGrain")]
public interface INoticeBoardGrain : IGrainWithStringKey
{
    [Alias("Publish")] Task<Notice> Publish(Caller editor, string noticeId, NoticeDraft draft);

    /// <summary>Notices addressed to <paramref name="unitCode"/> or to every unit, newest first.</summary>
    [Alias("For")] Task<IReadOnlyList<Notice>> For(string unitCode);

    /// <summary>Each new notice goes to the inbox streams listening (see <see cref="IInboxObserver.OnNotice"/>); subscriptions expire unless renewed.</summary>
    [Alias("Subscribe")] Task Subscribe(IInboxObserver observer);

    [Alias("Unsubscribe")] Task Unsubscribe(IInboxObserver observer);
}

/// <summary>Points per outcome (configuration <c>OfficeMesh:Scoring</c>).</summary>
[GenerateSerializer, Alias("OfficeMesh.ScoringRules")]
public sealed record ScoringRules
{
    [Id(0)] public int Accepted { get; init; } = 1;
    [Id(1)] public int Published { get; init; } = 3;
    [Id(2)] public int AdoptedByCity { get; init; } = 10;
    [Id(3)] public int AdoptedByProvince { get; init; } = 20;
    [Id(4)] public int AdoptedNationally { get; init; } = 50;
    [Id(5)] public int InstructionByCounty { get; init; } = 5;
    [Id(6)] public int InstructionByCity { get; init; } = 10;
    [Id(7)] public int InstructionByProvince { get; init; } = 20;
    [Id(8)] public int LateEmergency { get; init; } = -5;
}

[GenerateSerializer, Alias("OfficeMesh.AdoptionCounts")]
public sealed record AdoptionCounts([property: Id(0)] int City, [property: Id(1)] int Province, [property: Id(2)] int National);

[GenerateSerializer, Immutable, Alias("OfficeMesh.ScoreRow")]
public sealed record ScoreRow(
    [property: Id(0)] string UnitCode,
    [property: Id(1)] int Submitted,
    [property: Id(2)] int Accepted,
    [property: Id(3)] int Published,
    [property: Id(4)] AdoptionCounts Adoptions,
    [property: Id(5)] int Instructions,
    [property: Id(6)] int LateEmergencies,
    [property: Id(7)] int Points,
    [property: Id(8)] int Rank,
    [property: Id(9)] double AdoptionRate = 0);

/// <summary>An account's row in the authors' ranking: counted and ranked as units are.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.AuthorScoreRow")]
public sealed record AuthorScoreRow(
    [property: Id(0)] string Username,
    [property: Id(1)] string UnitCode,
    [property: Id(2)] int Submitted,
    [property: Id(3)] int Accepted,
    [property: Id(4)] int Published,
    [property: Id(5)] AdoptionCounts Adoptions,
    [property: Id(6)] int Instructions,
    [property: Id(7)] int LateEmergencies,
    [property: Id(8)] int Points,
    [property: Id(9)] int Rank,
    [property: Id(10)] double AdoptionRate);

/// <summary>Computes a county's score table from its item indexes. Key: the county code.</summary>
[Alias("OfficeMesh.IScoreboardGrain")]
public interface IScoreboardGrain : IGrainWithStringKey
{
    [Alias("Compute")] Task<IReadOnlyList<ScoreRow>> Compute(DateTimeOffset from, DateTimeOffset to, ScoringRules rules);

    /// <summary>The accounts that submitted items in the period, ranked as units are.</summary>
    [Alias("ComputeAuthors")] Task<IReadOnlyList<AuthorScoreRow>> ComputeAuthors(DateTimeOffset from, DateTimeOffset to, ScoringRules rules);
}
