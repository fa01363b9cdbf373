using Orleans.Concurrency;

namespace OfficeMesh.Contracts;

[GenerateSerializer, Alias("OfficeMesh.CoordinationKind")]
public enum CoordinationKind { Coordination, Consultation }

[GenerateSerializer, Alias("OfficeMesh.Position")]
public enum Position { Agree, Object, Comment }

[GenerateSerializer, Alias("OfficeMesh.CoordinationDraft")]
public sealed record CoordinationDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] CoordinationKind Kind,
    [property: Id(3)] IReadOnlyList<string> Units,
    [property: Id(4)] DateTimeOffset DueAt);

[GenerateSerializer, Alias("OfficeMesh.CoordinationResponse")]
public sealed record CoordinationResponse(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Text,
    [property: Id(2)] Position Position,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string By);

/// <summary>协调 / 会商: a task sent to several units, each answering once.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Coordination")]
public sealed record Coordination(
    [property: Id(0)] string Id,
    [property: Id(1)] string CreatorUnit,
    [property: Id(2)] string Title,
    [property: Id(3)] string Body,
    [property: Id(4)] CoordinationKind Kind,
    [property: Id(5)] IReadOnlyList<string> Units,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] IReadOnlyList<CoordinationResponse> Responses,
    [property: Id(10)] IReadOnlyList<Urging> Urgings);

[Alias("OfficeMesh.ICoordinationGrain")]
public interface ICoordinationGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<Coordination> Create(Caller caller, CoordinationDraft draft);

    [Alias("View")] Task<Coordination> View(Caller caller);

    [Alias("Respond")] Task<Coordination> Respond(Caller caller, string text, Position position);

    [Alias("CheckDeadline")] Task CheckDeadline();
}

/// <summary>One thing waiting on a unit (五个不让: every unit sees what waits on it, since when).</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.InboxEntry")]
public sealed record InboxEntry(
    [property: Id(0)] string Type,
    [property: Id(1)] string Id,
    [property: Id(2)] string Title,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] DateTimeOffset? DueAt,
    [property: Id(5)] Light? Light,
    [property: Id(6)] string? Detail);

/// <summary>What waits on one unit. Key: <see cref="GrainKeys.UnitInbox"/>. Fed by items, cases and coordinations.</summary>
[Alias("OfficeMesh.IUnitInboxGrain")]
public interface IUnitInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the entry with this type and id (idempotent).</summary>
    [Alias("Put")] Task Put(InboxEntry entry);

    /// <summary>Removes the entry with this type and id, and its urgings (idempotent).</summary>
    [Alias("Remove")] Task Remove(string type, string id);

    [Alias("List")] Task<IReadOnlyList<InboxEntry>> List();

    /// <summary>
    /// Tells the inbox streams listening of an entry this inbox does not keep: an item newly waiting for the
    /// section's review (the inbox lists those per channel, counted when read). One-way: the submission never waits on it.
    /// </summary>
    [OneWay, Alias("Announce")] Task Announce(InboxEntry entry);

    /// <summary>Each entry new to this inbox goes to the inbox streams listening; subscriptions expire unless renewed.</summary>
    [Alias("Subscribe")] Task Subscribe(IInboxObserver observer);

    [Alias("Unsubscribe")] Task Unsubscribe(IInboxObserver observer);
}

/// <summary>Receives what lands in a unit's inbox as it lands (the live inbox): its own entries and the county's notices.</summary>
[Alias("OfficeMesh.IInboxObserver")]
public interface IInboxObserver : IGrainObserver
{
    /// <summary>One-way: a slow or vanished listener must never hold up what put the entry there.</summary>
    [OneWay, Alias("OnEntry")] Task OnEntry(InboxEntry entry);

    /// <summary>A notice of the county, whoever it is addressed to: the listener keeps those for its unit (<see cref="Notice.IsFor"/>).</summary>
    [OneWay, Alias("OnNotice")] Task OnNotice(Notice notice);
}

public static class InboxTypes
{
    public const string ReturnedItem = "returned-item";
    public const string Case = "case";
    public const string Urging = "urging";
    public const string Coordination = "coordination";
    public const string Notice = "notice";

    // The county offices' own backlog, kept in their office inboxes (GrainKeys.OfficeInbox).
    /// <summary>One item waiting for the section's review; the inbox shows them as <see cref="ReviewsWaiting"/> per channel.</summary>
    public const string ReviewWaiting = "review";
    /// <summary>How many items of one channel wait for review, since the oldest.</summary>
    public const string ReviewsWaiting = "reviews-waiting";
    public const string InstructionAwaitingDisposition = "instruction";
    public const string ResultAwaitingClosure = "result";
    public const string ExtensionRequest = "extension-request";
    /// <summary>A closed case's result reported to the county's leaders (果必报).</summary>
    public const string CaseResult = "case-result";
}

/// <summary>One listed unit's state in a coordination: answered with a position, or not yet.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.CoordinationUnitState")]
public sealed record CoordinationUnitState(
    [property: Id(0)] string Unit,
    [property: Id(1)] Position? Position,
    [property: Id(2)] DateTimeOffset? AnsweredAt);

/// <summary>What a unit's list of coordinations keeps of one: enough to list it with each unit's state.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.CoordinationSummary")]
public sealed record CoordinationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string CreatorUnit,
    [property: Id(2)] string Title,
    [property: Id(3)] CoordinationKind Kind,
    [property: Id(4)] DateTimeOffset DueAt,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] IReadOnlyList<CoordinationUnitState> Units)
{
    /// <summary>Answers only ever arrive, so their number orders the updates of one coordination.</summary>
    public int Answered => Units.Count(unit => unit.Position is not null);

    public static CoordinationSummary Of(Coordination c) => new(c.Id, c.CreatorUnit, c.Title, c.Kind, c.DueAt, c.CreatedAt,
        c.Units.Select(unit => c.Responses.FirstOrDefault(response => response.Unit == unit) is { } answer
            ? new CoordinationUnitState(unit, answer.Position, answer.At)
            : new CoordinationUnitState(unit, null, null)).ToList());
}

/// <summary>The coordinations one unit created or must answer. Key: <see cref="GrainKeys.UnitCoordinations"/>. Fed by the coordinations.</summary>
[Alias("OfficeMesh.IUnitCoordinationsGrain")]
public interface IUnitCoordinationsGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates one coordination (idempotent; an older state never replaces a newer one).</summary>
    [Alias("Put")] Task Put(CoordinationSummary summary);

    /// <summary>Newest first.</summary>
    [Alias("List")] Task<IReadOnlyList<CoordinationSummary>> List();
}
