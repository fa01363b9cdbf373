using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Supervision;

public sealed record CreateCaseRequest(string? Title, string? Description, string? Source, string? SourceRef, string? LeadUnit,
    IReadOnlyList<string>? CoUnits, DateTimeOffset? DueAt, int? DueInWorkingDays, string? Leader = null);

public sealed record ReturnResultRequest(string? Reason);

public sealed record ProgressRequest(string? Text, string? Obstacles, int? Percent);

public sealed record ResultRequest(string? Text);

public sealed record CloseRequest;

public sealed record ExtensionRequestBody(string? Reason, DateTimeOffset? NewDueAt);

public sealed record ExtensionDecisionRequest(bool? Approve, string? Comment);

public sealed record CreateCoordinationRequest(string? Title, string? Body, string? Kind, IReadOnlyList<string>? Units, DateTimeOffset? DueAt);

public sealed record CoordinationAnswer(string? Text, string? Position);

/// <summary>A case as api.md shows it: the case's fields with its light of this moment.</summary>
public sealed record CaseResponse(string Id, string? Number, string Title, string Description, CaseSource Source, string? SourceRef, string LeadUnit,
    IReadOnlyList<string> CoUnits, DateTimeOffset DueAt, DateTimeOffset OpenedAt, CaseStatus Status, Light Light,
    IReadOnlyList<ProgressReport> Progress, CaseResult? Result, IReadOnlyList<Urging> Urgings, DateTimeOffset? ClosedAt, string? ReportedTo,
    IReadOnlyList<ExtensionRequest> Extensions, IReadOnlyList<HistoryEntry> History,
    string? Leader, string? InstructingLeader, string? InstructionId, bool? ClosedOnTime, int? OverdueDays)
{
    public static CaseResponse From(CaseView view)
    {
        var c = view.Case;
        return new(c.Id, c.Number, c.Title, c.Description, c.Source, c.SourceRef, c.LeadUnit, c.CoUnits, c.DueAt, c.OpenedAt, c.Status, view.Light,
            c.Progress, c.Result, c.Urgings, c.ClosedAt, c.ReportedTo, c.Extensions, c.History,
            c.Leader, c.InstructingLeader, c.InstructionId, c.ClosedOnTime, c.OverdueDays);
    }
}

/// <param name="Leader">The leader who assigned the case, else who gave its instruction.</param>
/// <param name="WorkingDaysLeft">Until the deadline on the work calendar: the working days after today up to its day (0 on the last
/// day), negative once late; null when closed.</param>
public sealed record CaseListEntry(string Id, string Title, string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset OpenedAt,
    DateTimeOffset DueAt, CaseStatus Status, Light Light, string? Number = null, CaseSource? Source = null, string? Leader = null,
    int? WorkingDaysLeft = null);

/// <summary>The deadline a case opened at <c>from</c> with <c>days</c> working days gets (POST /cases with dueInWorkingDays).</summary>
public sealed record WorkingDaysDeadline(DateTimeOffset From, int Days, DateTimeOffset DueAt);

public sealed record UnitAnswer(string UnitCode, string Status, Position? Position, string? Text, DateTimeOffset? At);

public sealed record CoordinationResponseView(string Id, string CreatorUnit, string Title, string Body, CoordinationKind Kind, DateTimeOffset DueAt,
    DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<UnitAnswer> Responses, IReadOnlyList<Urging> Urgings)
{
    public static CoordinationResponseView From(Coordination c) => new(c.Id, c.CreatorUnit, c.Title, c.Body, c.Kind, c.DueAt, c.CreatedAt, c.CreatedBy,
        c.Units.Select(unit => c.Responses.FirstOrDefault(r => r.Unit == unit) is { } answer
            ? new UnitAnswer(unit, "answered", answer.Position, answer.Text, answer.At)
            : new UnitAnswer(unit, "pending", null, null, null)).ToList(),
        c.Urgings);
}

/// <summary>One listed unit of a coordination as the list shows it: answered (with its position) or pending.</summary>
public sealed record CoordinationUnitView(string UnitCode, string Status, Position? Position, DateTimeOffset? At);

/// <summary>A coordination in the caller's unit's list: <c>role</c> says whether the unit created it or must answer it.</summary>
public sealed record CoordinationListEntry(string Id, string CreatorUnit, string Title, CoordinationKind Kind, DateTimeOffset DueAt,
    DateTimeOffset CreatedAt, string Role, IReadOnlyList<CoordinationUnitView> Units)
{
    public static CoordinationListEntry From(CoordinationSummary c, string unit) => new(c.Id, c.CreatorUnit, c.Title, c.Kind, c.DueAt, c.CreatedAt,
        c.CreatorUnit == unit ? "created" : "asked",
        c.Units.Select(u => new CoordinationUnitView(u.Unit, u.Position is null ? "pending" : "answered", u.Position, u.AnsweredAt)).ToList());
}

/// <summary>督查督办 and 协调/会商, and the inbox of what waits on each unit. The route table first, then one named handler per route.</summary>
public static class SupervisionEndpoints
{
    public const int MaxWorkingDays = 250;

    public static void MapSupervisionEndpoints(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Supervision").RequireAuthorization();
        cases.MapPost("/", OpenCase)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 409)
            .WithSummary("Open a supervision case with a lead unit, co-units and a deadline (dueAt, or dueInWorkingDays on the work calendar).");
        cases.MapGet("/{id}", GetCase)
            .Refuses(401, 404)
            .WithSummary("A case with its light (green / yellow / red).");
        cases.MapGet("/", ListCases)
            .Refuses(400, 401, 403)
            .WithSummary("Cases of the county (supervisor, leader) or of the caller's unit, oldest first; filters: unit, status, light, source, leader (who assigned it or gave its instruction). Each with its number and the working days left.");
        cases.MapPost("/{id}/progress", ReportProgress)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Report progress (进展), with the obstacles met and what is suggested.");
        cases.MapPost("/{id}/result", SubmitResult)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("The lead unit reports the result (查必果).");
        cases.MapPost("/{id}/close", Close)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor))
            .Refuses(401, 403, 404, 409)
            .WithSummary("Close a case with a result; the result is reported to the instructing leader (果必报).");
        cases.MapPost("/{id}/result/return", ReturnResult)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("退回重办: send a submitted result back with a reason; the case is open again and the lead unit submits anew.");
        cases.MapPost("/{id}/extensions", RequestExtension)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("The lead unit asks, before the deadline, for a later one (延期).");
        cases.MapPost("/{id}/extensions/decision", DecideExtension)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("The supervision office approves or refuses the pending extension.");
        api.MapGet("/calendar/working-days", WorkingDaysDeadlineFrom)
            .RequireAuthorization()
            .WithTags("Supervision")
            .Refuses(400, 401)
            .WithSummary("The work calendar: the deadline N working days after 'from' (default now), the end of that day in China time — what POST /cases with dueInWorkingDays sets when opened at that moment.");

        var coordinations = api.MapGroup("/coordinations").WithTags("Coordination").RequireAuthorization();
        coordinations.MapPost("/", CreateCoordination)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor, RoleNames.Supervisor, RoleNames.UnitOfficer))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403)
            .WithSummary("Send a coordination or consultation (会商) to several units, each to answer once.");
        coordinations.MapGet("/", ListCoordinations)
            .Refuses(401, 403)
            .WithSummary("The coordinations the caller's unit created or must answer, newest first, each with every listed unit's state (answered with its position, or pending).");
        coordinations.MapPost("/{id}/responses", Respond)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("A listed unit answers: agree, object or comment.");
        coordinations.MapGet("/{id}", GetCoordination)
            .Refuses(401, 404)
            .WithSummary("The coordination with each unit's answer or 'pending'.");

        api.MapGet("/inbox", Inbox)
            .RequireAuthorization()
            .WithTags("Inbox")
            .Refuses(401, 403)
            .WithSummary("Everything waiting on the caller's unit, oldest first: returned items, open cases with their light, urgings, coordinations, notices; for the county offices also their own backlog (reviews waiting per channel, results awaiting closure, extension requests, instructions awaiting disposition, results reported to leaders).");
        api.MapGet("/inbox/stream", InboxStream)
            .RequireAuthorization()
            .Produces<InboxEntry>(StatusCodes.Status200OK, "text/event-stream")
            .Refuses(401, 403, 429)
            .WithTags("Inbox")
            .WithSummary("Server-sent events: one 'inbox' event (the entry, as in the inbox) per entry new to the caller's unit's inbox, as it lands: returned items, cases, urgings (the system's own included), coordinations, notices, and a county office's own backlog (results awaiting closure, extension requests, instructions awaiting disposition, results reported to leaders). For the information section, one 'review' entry per item newly waiting for review (the inbox lists them per channel as 'reviews-waiting'). A 'ready' event once listening (re-read GET /inbox then to fill any gap), a 'heartbeat' after 25 s of silence. A few streams per account.");
    }

    public static async Task<Created<CaseResponse>> OpenCase(CreateCaseRequest request, HttpContext http, IGrainFactory grains)
    {
        var source = Require.Value(Paging.Enum<CaseSource>(request.Source, "source"), "source");
        if (request.DueAt is null == request.DueInWorkingDays is null)
            throw DomainException.Invalid("dueAt", zh: "办理期限和办理工作日数须填写其中一项，且只能填写一项", en: "Give either dueAt or dueInWorkingDays.");
        if (request.DueInWorkingDays is < 1 or > MaxWorkingDays)
            throw DomainException.Invalid("dueInWorkingDays", zh: $"办理工作日数须在1到{MaxWorkingDays}之间", en: $"dueInWorkingDays is between 1 and {MaxWorkingDays}.");
        var caller = http.User.ToCaller();
        var draft = new CaseDraft(Require.Text(request.Title, "title"), Require.Text(request.Description, "description"), source, request.SourceRef,
            Require.Text(request.LeadUnit, "leadUnit"), request.CoUnits ?? [], request.DueAt, caller.Username, null, request.DueInWorkingDays,
            Leader: request.Leader);
        var view = await grains.GetGrain<ICaseGrain>(GrainKeys.Case(Guid.CreateVersion7().ToString("N"))).Create(caller, draft);
        return TypedResults.Created($"/api/v1/cases/{view.Case.Id}", CaseResponse.From(view));
    }

    public static async Task<Ok<WorkingDaysDeadline>> WorkingDaysDeadlineFrom(IGrainFactory grains, TimeProvider clock, int? days, DateTimeOffset? from)
    {
        var count = Require.Value(days, "days");
        if (count is < 1 or > MaxWorkingDays)
            throw DomainException.Invalid("days", zh: $"工作日数须在1到{MaxWorkingDays}之间", en: $"days is between 1 and {MaxWorkingDays}.");
        var start = from ?? clock.GetUtcNow();
        var dueAt = await grains.GetGrain<IWorkCalendarGrain>(GrainKeys.WorkCalendar).DeadlineAfter(start, count);
        return TypedResults.Ok(new WorkingDaysDeadline(start, count, dueAt));
    }

    public static async Task<Ok<Page<CoordinationListEntry>>> ListCoordinations(HttpContext http, IGrainFactory grains, int? limit, string? cursor)
    {
        if (http.User.ToCaller().UnitCode is not { } unit)
            throw DomainException.Forbidden(zh: "协调事项仅供单位账号查看", en: "Coordinations are listed for a unit's accounts.");
        var offset = Paging.Offset(cursor);
        var pageSize = Paging.Limit(limit);
        var mine = (await grains.GetGrain<IUnitCoordinationsGrain>(GrainKeys.UnitCoordinations(unit)).List()).Skip(offset).ToList();
        return TypedResults.Ok(new Page<CoordinationListEntry>(mine.Take(pageSize).Select(c => CoordinationListEntry.From(c, unit)).ToList(),
            mine.Count > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    public static async Task<Ok<CaseResponse>> GetCase(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).View(http.User.ToCaller())));

    public static async Task<Ok<Page<CaseListEntry>>> ListCases(HttpContext http, IGrainFactory grains, TimeProvider clock, string? unit, string? status, string? light,
        string? source, string? leader, int? limit, string? cursor)
    {
        var offset = Paging.Offset(cursor);
        var matching = (await ListAsync(grains, http.User.ToCaller(), clock, unit, status, light, source, leader)).Skip(offset).ToList();
        var pageSize = Paging.Limit(limit);
        return TypedResults.Ok(new Page<CaseListEntry>(matching.Take(pageSize).ToList(), matching.Count > pageSize ? (offset + pageSize).ToString() : null));
    }

    public static async Task<Ok<CaseResponse>> ReportProgress(string id, ProgressRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).ReportProgress(http.User.ToCaller(), Require.Text(request.Text, "text"), request.Obstacles, request.Percent)));

    public static async Task<Ok<CaseResponse>> SubmitResult(string id, ResultRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).SubmitResult(http.User.ToCaller(), Require.Text(request.Text, "text"))));

    public static async Task<Ok<CaseResponse>> Close(string id, CloseRequest? request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).Close(http.User.ToCaller())));

    public static async Task<Ok<CaseResponse>> ReturnResult(string id, ReturnResultRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).ReturnResult(http.User.ToCaller(), Require.Text(request.Reason, "reason"))));

    public static async Task<Ok<CaseResponse>> RequestExtension(string id, ExtensionRequestBody request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).RequestExtension(http.User.ToCaller(), Require.Text(request.Reason, "reason"),
            Require.Value(request.NewDueAt, "newDueAt"))));

    public static async Task<Ok<CaseResponse>> DecideExtension(string id, ExtensionDecisionRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CaseResponse.From(await Case(grains, id).DecideExtension(http.User.ToCaller(), Require.Value(request.Approve, "approve"), request.Comment)));

    public static async Task<Created<CoordinationResponseView>> CreateCoordination(CreateCoordinationRequest request, HttpContext http, IGrainFactory grains)
    {
        var draft = new CoordinationDraft(Require.Text(request.Title, "title"), Require.Text(request.Body, "body"),
            Require.Value(Paging.Enum<CoordinationKind>(request.Kind, "kind"), "kind"), Require.List(request.Units, "units"),
            Require.Value(request.DueAt, "dueAt"));
        var created = await grains.GetGrain<ICoordinationGrain>(GrainKeys.Coordination(Guid.CreateVersion7().ToString("N"))).Create(http.User.ToCaller(), draft);
        return TypedResults.Created($"/api/v1/coordinations/{created.Id}", CoordinationResponseView.From(created));
    }

    public static async Task<Ok<CoordinationResponseView>> Respond(string id, CoordinationAnswer request, HttpContext http, IGrainFactory grains)
    {
        var position = Paging.Enum<Position>(request.Position, "position") ?? Position.Comment;
        return TypedResults.Ok(CoordinationResponseView.From(await Coordination(grains, id).Respond(http.User.ToCaller(), Require.Text(request.Text, "text"), position)));
    }

    public static async Task<Ok<CoordinationResponseView>> GetCoordination(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CoordinationResponseView.From(await Coordination(grains, id).View(http.User.ToCaller())));

    public static async Task<Ok<Page<InboxEntry>>> Inbox(HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var caller = http.User.ToCaller();
        if (caller.UnitCode is not { } unit)
            throw DomainException.Forbidden(zh: "收件箱仅供单位账号使用", en: "The inbox belongs to a unit's accounts.");
        var waiting = await grains.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(unit)).List();
        var notices = caller.CountyCode is { } county
            ? (await grains.GetGrain<INoticeBoardGrain>(GrainKeys.NoticeBoard(county)).For(unit))
                .Select(notice => notice.AsInboxEntry())
            : [];
        var office = await OfficeBacklogAsync(grains, caller, clock);
        return TypedResults.Ok(new Page<InboxEntry>(waiting.Concat(notices).Concat(office).OrderBy(entry => entry.Since).ToList(), null));
    }

    public static IResult InboxStream(HttpContext http, IGrainFactory grains, EventStreamLimiter streams)
    {
        var caller = http.User.ToCaller();
        if (caller.UnitCode is not { } unit)
            throw DomainException.Forbidden(zh: "收件箱仅供单位账号使用", en: "The inbox belongs to a unit's accounts.");
        var inboxes = InboxesOf(grains, caller);
        var notices = caller.CountyCode is { } county ? grains.GetGrain<INoticeBoardGrain>(GrainKeys.NoticeBoard(county)) : null;
        return ObservedEventStreams.Open(http, grains, streams, caller.Username, new ObservedFeed<IInboxObserver, InboxEntry>("inbox",
            arrivals => new InboxListener(arrivals, unit),
            listener => Task.WhenAll(inboxes.Select(inbox => inbox.Subscribe(listener)).Append(notices?.Subscribe(listener) ?? Task.CompletedTask)),
            listener => Task.WhenAll(inboxes.Select(inbox => inbox.Unsubscribe(listener)).Append(notices?.Unsubscribe(listener) ?? Task.CompletedTask))));
    }

    /// <summary>
    /// The unit inboxes whose new entries the caller's live inbox shows: the unit's own and, in a county office, those
    /// of the caller's office roles (the information section's announces each item newly waiting for review).
    /// </summary>
    private static IReadOnlyList<IUnitInboxGrain> InboxesOf(IGrainFactory grains, Caller caller)
    {
        var inboxes = new List<IUnitInboxGrain> { grains.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(caller.UnitCode!)) };
        if (caller.UnitKind == UnitKind.CountyOffice && caller.CountyCode is { } county)
            inboxes.AddRange(OfficeRoles.Append(Role.InfoEditor).Where(caller.Has).Select(role => grains.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(county, role))));
        return inboxes;
    }

    /// <summary>A live inbox's observer: every entry of the inboxes it listens to, and the county's notices addressed to its unit.</summary>
    private sealed class InboxListener(ChannelWriter<InboxEntry> arrivals, string unitCode) : StreamReceiver<InboxEntry>(arrivals), IInboxObserver
    {
        public Task OnEntry(InboxEntry entry) => Enqueue(entry);

        public Task OnNotice(Notice notice) => notice.IsFor(unitCode) ? Enqueue(notice.AsInboxEntry()) : Task.CompletedTask;
    }

    private static readonly Role[] OfficeRoles = [Role.Supervisor, Role.Leader];

    /// <summary>
    /// 五个不让 for the county offices themselves: the supervision office's and the leaders' own inboxes, and
    /// for the information section the items waiting for review in each channel (count, since the oldest),
    /// read from the county's month partitions.
    /// </summary>
    private static async Task<IReadOnlyList<InboxEntry>> OfficeBacklogAsync(IGrainFactory grains, Caller caller, TimeProvider clock)
    {
        if (caller.UnitKind != UnitKind.CountyOffice || caller.CountyCode is not { } county)
            return [];
        var entries = new List<InboxEntry>();
        foreach (var role in OfficeRoles.Where(caller.Has))
            entries.AddRange(await grains.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(county, role)).List());
        if (caller.Has(Role.InfoEditor))
        {
            var earliest = (await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(county)).Get())?.CreatedAt ?? clock.GetUtcNow();
            var partitions = await Task.WhenAll(GrainKeys.MonthsBackwards(earliest, clock.GetUtcNow())
                .Select(month => grains.GetGrain<IItemIndexGrain>(GrainKeys.CountyItems(county, month)).ReviewBacklog()));
            entries.AddRange(partitions.SelectMany(backlog => backlog).GroupBy(backlog => backlog.Channel).Select(channel =>
            {
                var count = channel.Sum(backlog => backlog.Count);
                return new InboxEntry(InboxTypes.ReviewsWaiting, Wire.Name(channel.Key), $"{ChannelName(channel.Key)}待审核{count}条",
                    channel.Min(backlog => backlog.Oldest), null, null, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }));
        }
        return entries;
    }

    private static string ChannelName(ReportingChannel channel) => channel switch
    {
        ReportingChannel.Emergency => "紧急信息",
        ReportingChannel.PublicSentiment => "社情民意",
        ReportingChannel.InternetOpinion => "网络舆情",
        _ => "常规信息",
    };

    /// <summary>The cases the caller may list, filtered as the list's query asks (also for the ledger's spreadsheet).</summary>
    internal static async Task<IReadOnlyList<CaseListEntry>> ListAsync(IGrainFactory grains, Caller caller, TimeProvider clock,
        string? unit, string? status, string? light, string? source = null, string? leader = null)
    {
        var seesAll = caller.CountyCode is { } county && (caller.IsCounty(Role.Supervisor, county) || caller.IsCounty(Role.Leader, county));
        if (!seesAll && (caller.CountyCode is null || caller.UnitCode is null || caller.UnitKind == UnitKind.UpperOffice))
            throw DomainException.Forbidden(zh: "督办事项列表仅供本县单位查看", en: "Cases are listed for the county's own units and offices.");
        if (!seesAll && unit is not null && unit != caller.UnitCode)
            throw DomainException.Forbidden(zh: "各单位只能查看本单位的督办事项", en: "A unit lists only its own cases.");
        var wantedStatus = Paging.Enum<CaseStatus>(status, "status");
        var wantedLight = Paging.Enum<Light>(light, "light");
        var wantedSource = Paging.Enum<CaseSource>(source, "source");
        var wantedLeader = string.IsNullOrWhiteSpace(leader) ? null : leader.Trim();
        var forUnit = seesAll ? unit : caller.UnitCode;
        var now = clock.GetUtcNow();
        var all = await grains.GetGrain<ICaseIndexGrain>(GrainKeys.CaseIndex(caller.CountyCode!)).List();
        var matching = all
            .Select(c => new CaseListEntry(c.Id, c.Title, c.LeadUnit, c.CoUnits, c.OpenedAt, c.DueAt, c.Status,
                Deadlines.LightAt(c.OpenedAt, c.DueAt, now, c.Status == CaseStatus.Closed ? c.ClosedAt ?? c.DueAt : null), c.Number, c.Source, c.Leader))
            .Where(c => (forUnit is null || c.LeadUnit == forUnit || c.CoUnits.Contains(forUnit))
                && (wantedStatus is null || c.Status == wantedStatus) && (wantedLight is null || c.Light == wantedLight)
                && (wantedSource is null || c.Source == wantedSource) && (wantedLeader is null || c.Leader == wantedLeader))
            .ToList();
        var pending = matching.Where(c => c.Status != CaseStatus.Closed).ToList();
        var left = pending.Count == 0 ? []
            : await grains.GetGrain<IWorkCalendarGrain>(GrainKeys.WorkCalendar).WorkingDaysLeft(now, pending.Select(c => c.DueAt).ToList());
        var leftById = pending.Zip(left).ToDictionary(pair => pair.First.Id, pair => pair.Second);
        return matching.Select(c => leftById.TryGetValue(c.Id, out var days) ? c with { WorkingDaysLeft = days } : c).ToList();
    }

    internal static ICaseGrain Case(IGrainFactory grains, string id) =>
        IsId(id) ? grains.GetGrain<ICaseGrain>(GrainKeys.Case(id)) : throw DomainException.NotFound(zh: $"督办事项“{id}”不存在", en: $"There is no case '{id}'.");

    private static ICoordinationGrain Coordination(IGrainFactory grains, string id) =>
        IsId(id) ? grains.GetGrain<ICoordinationGrain>(GrainKeys.Coordination(id)) : throw DomainException.NotFound(zh: $"协调事项“{id}”不存在", en: $"There is no coordination '{id}'.");

    private static bool IsId(string id) => id.Length is >= 16 and <= 64 && id.All(char.IsAsciiLetterOrDigit);
}
