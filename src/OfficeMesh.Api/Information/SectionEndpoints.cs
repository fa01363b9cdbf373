using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Information;

public sealed record PeriodicalEntryRequest(string? ItemId, string? Column);

public sealed record PeriodicalIssueRequest(string? Title, IReadOnlyList<PeriodicalEntryRequest>? Entries);

public sealed record NoticeRequest(string? Title, string? Body, IReadOnlyList<string>? KeyPoints, IReadOnlyList<string>? Audience);

public sealed record ScoreTable(DateTimeOffset From, DateTimeOffset To, ScoringRules Rules, IReadOnlyList<ScoreRow> Rows);

public sealed record AuthorScoreTable(DateTimeOffset From, DateTimeOffset To, ScoringRules Rules, IReadOnlyList<AuthorScoreRow> Rows);

public sealed record PhoneReportRequest(string? UnitCode, string? Title, string? Body, string? Topic, string? Classification,
    DateTimeOffset? OccurredAt, DateTimeOffset? PhoneReportedAt);

/// <summary>
/// The information section's publications and views: periodical, upper inbox, duty feed, notices, scores. The route
/// table first, then one named handler per route.
/// </summary>
public static class SectionEndpoints
{
    public static void MapSectionEndpoints(this IEndpointRouteBuilder api)
    {
        var periodicals = api.MapGroup("/periodicals/{year:int}/issues").WithTags("Periodical");
        periodicals.MapPost("/", PublishIssue)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Publish the next issue of the county's periodical from accepted items.");
        periodicals.MapGet("/", ListIssues)
            .RequireAuthorization()
            .Refuses(400, 401, 404)
            .WithSummary("The issues of a county's periodical in a year, newest first (the caller's county unless ?county= names another); for accounts of that county and of the upper offices above it.");
        periodicals.MapGet("/{number:int}", GetIssue)
            .RequireAuthorization()
            .Refuses(400, 401, 404)
            .WithSummary("An issue of a county's periodical (the caller's county unless ?county= names another); for accounts of that county and of the upper offices above it.");

        api.MapGet("/upper/inbox", UpperInbox)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UpperLiaison))
            .WithTags("Upper offices")
            .Refuses(400, 401, 403)
            .WithSummary("Items the county information sections forwarded to the caller's office.");

        var duty = api.MapGroup("/duty/emergencies").WithTags("Duty room")
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Duty, RoleNames.InfoEditor));
        duty.MapGet("/", RecentEmergencies)
            .Refuses(400, 401, 403)
            .WithSummary("The county's emergencies, newest first.");
        duty.MapPost("/", TakePhoneReport)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Duty))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("值班室代录: record an emergency a unit reported by phone; the unit's written reports follow as its follow-ups.");
        duty.MapGet("/stream", StreamEmergencies)
            .Produces<Item>(StatusCodes.Status200OK, "text/event-stream")
            .Refuses(401, 403, 429)
            .WithSummary("Server-sent events: one 'emergency' event (the item) per new emergency of the county, as it arrives. A few streams per account; a client that falls behind is disconnected and reconnects.");

        var notices = api.MapGroup("/notices").WithTags("Notices");
        notices.MapPost("/", IssueNotice)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403)
            .WithSummary("Issue a notice (通报) with reporting key points (报送要点) to all units or some.");
        notices.MapGet("/", NoticesForUnit)
            .RequireAuthorization()
            .Refuses(401)
            .WithSummary("Notices addressed to the caller's unit or to all units of its county.");

        api.MapGet("/scores", Scores)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer, RoleNames.InfoEditor, RoleNames.Supervisor, RoleNames.Duty, RoleNames.Leader))
            .WithTags("Assessment")
            .Refuses(400, 401, 403)
            .WithSummary("The county's score table (考核) for a period (calendar days in China time; default: this year so far): every unit, zero rows included, ranked.");
        api.MapGet("/scores/authors", AuthorScores)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer, RoleNames.InfoEditor, RoleNames.Supervisor, RoleNames.Duty, RoleNames.Leader))
            .WithTags("Assessment")
            .Refuses(400, 401, 403)
            .WithSummary("The submitting accounts of the county ranked as units are, for a period (calendar days in China time).");
    }

    public static async Task<Created<PeriodicalIssue>> PublishIssue(int year, PeriodicalIssueRequest request, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var caller = http.User.ToCaller();
        var entries = Require.List(request.Entries, "entries")
            .Select((entry, i) => new PeriodicalRequestEntry(Require.Text(entry.ItemId, $"entries[{i}].itemId"), Require.Text(entry.Column, $"entries[{i}].column")))
            .ToList();
        var issue = await Periodical(grains, CountyOf(caller), year, clock).Publish(caller, request.Title, entries);
        return TypedResults.Created($"/api/v1/periodicals/{year}/issues/{issue.Number}", issue);
    }

    public static async Task<Ok<Page<PeriodicalIssueSummary>>> ListIssues(int year, string? county, int? limit, string? cursor, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var countyCode = await ReadableCountyAsync(grains, http.User.ToCaller(), county)
            ?? throw DomainException.NotFound(zh: $"没有{year}年的刊物", en: $"There is no periodical for {year}.");
        var issues = await Periodical(grains, countyCode, year, clock).ListIssues();
        return TypedResults.Ok(Paging.Slice(issues, cursor, limit));
    }

    public static async Task<Ok<PeriodicalIssue>> GetIssue(int year, int number, string? county, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var countyCode = await ReadableCountyAsync(grains, http.User.ToCaller(), county);
        var issue = countyCode is null ? null : await Periodical(grains, countyCode, year, clock).GetIssue(number);
        return issue is null ? throw DomainException.NotFound(zh: $"{year}年第{number}期不存在", en: $"There is no issue {year}/{number}.") : TypedResults.Ok(issue);
    }

    public static async Task<Ok<Page<ItemSummary>>> UpperInbox(HttpContext http, IGrainFactory grains, TimeProvider clock, int? limit, string? cursor)
    {
        var caller = http.User.ToCaller();
        if (caller.UnitKind != UnitKind.UpperOffice || caller.UnitCode is not { } unit)
            throw DomainException.Forbidden(zh: "该收件箱仅供上级机关使用", en: "The inbox belongs to upper offices.");
        var earliest = (await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(unit)).Get())?.CreatedAt ?? clock.GetUtcNow();
        return TypedResults.Ok(await ItemListing.ReadAsync(grains, month => GrainKeys.UpperItems(unit, month), earliest, caller,
            new ItemQuery(null, null, null, null, null), cursor, Paging.Limit(limit), clock));
    }

    public static async Task<Ok<Page<ItemSummary>>> RecentEmergencies(HttpContext http, IGrainFactory grains, TimeProvider clock, DateTimeOffset? since, int? limit)
    {
        Periods.Validate(since, null, clock, fromField: "since");
        var caller = http.User.ToCaller();
        var recent = await EmergencyChannel(grains, caller).Recent(since, Paging.Limit(limit));
        var shown = recent.Where(item => ItemAccess.CanSee(caller, item)).ToList();
        await SecretReading.RecordAsync(grains, caller, shown, SecretReadPath.DutyList);
        return TypedResults.Ok(new Page<ItemSummary>(shown, null));
    }

    public static async Task<Created<Item>> TakePhoneReport(PhoneReportRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var draft = new ItemDraft(Require.Text(request.Title, "title"), Require.Text(request.Body, "body"),
            Paging.Enum<Topic>(request.Topic, "topic") ?? Topic.Hot, ItemKind.Emergency,
            Paging.Enum<Classification>(request.Classification, "classification") ?? Classification.Public,
            Require.Value(request.OccurredAt, "occurredAt"), Require.Value(request.PhoneReportedAt, "phoneReportedAt"));
        var id = ItemIds.For(caller.Username, http.Request.Headers[IdempotencyMiddleware.HeaderName].FirstOrDefault());
        var item = await grains.GetGrain<IItemGrain>(GrainKeys.Item(id)).TakePhoneReport(caller, Require.Text(request.UnitCode, "unitCode"), draft);
        return TypedResults.Created($"/api/v1/items/{item.Id}", item);
    }

    public static IResult StreamEmergencies(HttpContext http, IGrainFactory grains, EventStreamLimiter streams)
    {
        var caller = http.User.ToCaller();
        var channel = EmergencyChannel(grains, caller);
        return ObservedEventStreams.Open(http, grains, streams, caller.Username, new ObservedFeed<IEmergencyObserver, Item>("emergency",
            arrivals => new EmergencyListener(arrivals), channel.Subscribe, channel.Unsubscribe,
            arrived => AdmitEmergencyAsync(grains, caller, arrived)));
    }

    public static async Task<Created<Notice>> IssueNotice(NoticeRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var draft = new NoticeDraft(Require.Text(request.Title, "title"), Require.Text(request.Body, "body"), request.KeyPoints ?? [], request.Audience);
        var notice = await grains.GetGrain<INoticeBoardGrain>(GrainKeys.NoticeBoard(CountyOf(caller))).Publish(caller, Guid.CreateVersion7().ToString("N"), draft);
        return TypedResults.Created($"/api/v1/notices/{notice.Id}", notice);
    }

    public static async Task<Ok<Page<Notice>>> NoticesForUnit(HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        if (caller.CountyCode is not { } county || caller.UnitCode is not { } unit)
            return TypedResults.Ok(new Page<Notice>([], null));
        return TypedResults.Ok(new Page<Notice>(await grains.GetGrain<INoticeBoardGrain>(GrainKeys.NoticeBoard(county)).For(unit), null));
    }

    public static async Task<Ok<ScoreTable>> Scores(HttpContext http, IGrainFactory grains, IOptions<ScoringRules> rules, TimeProvider clock, string? from, string? to)
    {
        var (county, periodFrom, periodTo) = ScorePeriod(http.User.ToCaller(), from, to, clock);
        var rows = await grains.GetGrain<IScoreboardGrain>(GrainKeys.Scoreboard(county)).Compute(periodFrom, periodTo, rules.Value);
        return TypedResults.Ok(new ScoreTable(periodFrom, periodTo, rules.Value, rows));
    }

    public static async Task<Ok<AuthorScoreTable>> AuthorScores(HttpContext http, IGrainFactory grains, IOptions<ScoringRules> rules, TimeProvider clock, string? from, string? to)
    {
        var (county, periodFrom, periodTo) = ScorePeriod(http.User.ToCaller(), from, to, clock);
        var rows = await grains.GetGrain<IScoreboardGrain>(GrainKeys.Scoreboard(county)).ComputeAuthors(periodFrom, periodTo, rules.Value);
        return TypedResults.Ok(new AuthorScoreTable(periodFrom, periodTo, rules.Value, rows));
    }

    /// <summary>Who may read the county's scores, and the period asked for: calendar days in China time, this China-time year so far by default.</summary>
    internal static (string County, DateTimeOffset From, DateTimeOffset To) ScorePeriod(Caller caller, string? from, string? to, TimeProvider clock)
    {
        var mayRead = caller.CountyCode is { } county && (caller.Has(Role.UnitOfficer) || ItemAccess.HasCountyRole(caller, county));
        if (!mayRead)
            throw DomainException.Forbidden(zh: "考核情况仅供本县单位查看", en: "Scores are for the county's own units and offices.");
        var (start, end) = Periods.Parse(from, to, clock);
        var periodTo = end ?? clock.GetUtcNow();
        var periodFrom = start ?? ChinaTime.StartOfYear(periodTo);
        return (caller.CountyCode!, periodFrom, periodTo);
    }

    private static string CountyOf(Caller caller) =>
        caller.CountyCode is { } county && caller.UnitKind == UnitKind.CountyOffice
            ? county
            : throw DomainException.Forbidden(zh: "仅限县两办的账号使用", en: "This belongs to a county office's accounts.");

    /// <summary>
    /// The county whose periodical the caller asks for (?county=, else the caller's own), or null when the
    /// caller may not read it: a periodical is read by accounts of its county and of the upper offices
    /// above the county, and to anyone else it does not exist.
    /// </summary>
    internal static async Task<string?> ReadableCountyAsync(IGrainFactory grains, Caller caller, string? county)
    {
        var countyCode = county ?? caller.CountyCode
            ?? throw DomainException.Invalid("county", zh: "请用 county 参数指明要查看哪个县的刊物", en: "Name the county whose periodical to read.");
        if (!UnitCodes.IsValid(countyCode))
            return null;
        if (caller.UnitKind != UnitKind.UpperOffice)
            return caller.CountyCode == countyCode ? countyCode : null;

        var office = await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(countyCode)).Get();
        if (office is not { Kind: UnitKind.CountyOffice } || caller.UnitCode is null)
            return null;
        // A county office sits under a city office, which may sit under a provincial office: two steps at most.
        var parent = office.ParentCode;
        for (var step = 0; step < 2 && parent is not null; step++)
        {
            if (parent == caller.UnitCode)
                return countyCode;
            parent = (await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(parent)).Get())?.ParentCode;
        }
        return null;
    }

    internal static IPeriodicalGrain Periodical(IGrainFactory grains, string county, int year, TimeProvider clock) =>
        year >= 2000 && year <= clock.GetUtcNow().Year + 1
            ? grains.GetGrain<IPeriodicalGrain>(GrainKeys.Periodical(county, year))
            : throw DomainException.NotFound(zh: $"没有{year}年的刊物", en: $"There is no periodical for {year}.");

    private static IEmergencyChannelGrain EmergencyChannel(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(CountyOf(caller)));

    /// <summary>Whether the duty stream sends an arriving emergency to the caller: only what they may see, a secret one's read recorded.</summary>
    private static async Task<bool> AdmitEmergencyAsync(IGrainFactory grains, Caller caller, Item arrived)
    {
        if (!ItemAccess.CanSee(caller, arrived))
            return false;
        if (arrived.Classification == Classification.Secret)
            await SecretReading.RecordAsync(grains, caller, [ItemSummaries.Of(arrived)], SecretReadPath.DutyStream);
        if (arrived.Emergency is { } receipt)
            OfficeMeshMetrics.EmergencyDeliveryDelay.Record((DateTimeOffset.UtcNow - receipt.ReceivedAt).TotalSeconds);
        return true;
    }

    private sealed class EmergencyListener(ChannelWriter<Item> arrivals) : StreamReceiver<Item>(arrivals), IEmergencyObserver
    {
        public Task OnEmergency(Item item) => Enqueue(item);
    }
}
