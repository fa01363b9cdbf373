using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Audit;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Information;

public sealed record ItemRequest(string? Title, string? Body, string? Topic, string? Kind, string? Classification,
    DateTimeOffset? OccurredAt, DateTimeOffset? PhoneReportedAt);

public sealed record ReviewRequest(string? Decision, string? Comment);

public sealed record ForwardRequest(string? Level);

public sealed record AdoptionRequest(string? Level, string? Publication);

public sealed record OpenCaseRequest(string? LeadUnit, IReadOnlyList<string>? CoUnits, DateTimeOffset? DueAt);

public sealed record InstructionBody(string? Leader, string? Level, string? Text, OpenCaseRequest? OpenCase);

public sealed record FollowUpRequest(string? Body, bool? Final);

public sealed record OccurrenceRequest(DateTimeOffset? OccurredAt, string? Reason);

public sealed record DispositionRequest(string? Decision, string? Reason, OpenCaseRequest? OpenCase);

public sealed record CompositeRequest(string? Title, string? Body, string? Topic, string? Kind, string? Classification, IReadOnlyList<string>? SourceItemIds);

public sealed record TextEditRequest(string? Title, string? Body, string? Note);

/// <summary>
/// 信息报送: a unit's submission becomes an item here, and the section works it from here. The route table first,
/// then one named handler per route; what each operation refuses with is listed beside its route.
/// </summary>
public static class ItemEndpoints
{
    public static void MapItemEndpoints(this IEndpointRouteBuilder api)
    {
        var items = api.MapGroup("/items").WithTags("Information");

        items.MapPost("/", Submit)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 409)
            .WithSummary("Submit an information item (an emergency needs occurredAt).");
        items.MapGet("/{id}", Get)
            .RequireAuthorization()
            .Refuses(401, 404)
            .WithSummary("An item, if the caller may see it.");
        items.MapGet("/{id}/reads", SecretReads)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor, RoleNames.Leader))
            .Refuses(400, 401, 403, 404)
            .WithSummary("Who read a secret item, when and how (item, list, duty-list, duty-stream), oldest first; for the county information section and leaders.");
        items.MapGet("/", List)
            .RequireAuthorization()
            .Refuses(400, 401, 403)
            .WithSummary("Items of the caller's county (county roles) or of the caller's own unit (unit officers), newest first; ?order=oldest for the review queue (longest waiting first).");
        items.MapPut("/{id}", Revise)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Revise a returned item (退回修改); it is submitted again.");
        items.MapPost("/{id}/reviews", Review)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Accept, return for revision or reject a submitted item, with a comment.");
        items.MapPost("/{id}/forwards", Forward)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Forward an accepted item to the city or provincial office (上报).");
        items.MapPost("/{id}/adoptions", Adopt)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UpperLiaison, RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Record that an upper office adopted the item into a publication (采用).");
        items.MapPost("/{id}/instructions", Instruct)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Leader, RoleNames.UpperLiaison, RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Record a leader's instruction (批示); with openCase, a supervision case is opened.");
        items.MapPost("/{id}/instructions/{instructionId}/disposition", DisposeInstruction)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("批必查: the supervision office opens a case for an instruction given without one, or records why none is needed (decision: open-case | noted).");
        items.MapPost("/{id}/occurrence", CorrectOccurrence)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Duty, RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Correct when an emergency occurred, with a reason; onTime is recomputed and both values stay in the history.");
        items.MapPost("/composite", Compose)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("综合信息: write one item from several accepted items; each source unit is credited, the sources become 'merged'.");
        items.MapPut("/{id}/text", EditText)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.InfoEditor))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("编辑加工: edit an accepted item's text; the submitted text stays in the history.");
        items.MapPost("/{id}/follow-ups", AddFollowUp)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer))
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Add a numbered follow-up report (续报) to an emergency; the final one closes the series.");
    }

    public static async Task<Created<Item>> Submit(ItemRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var id = ItemIds.For(caller.Username, http.Request.Headers[IdempotencyMiddleware.HeaderName].FirstOrDefault());
        var audit = AuditWithChange.EntryFor(http, StatusCodes.Status201Created, $"items/{id}");
        var (item, onRecord) = await grains.GetGrain<IItemGrain>(GrainKeys.Item(id)).SubmitOnRecord(caller, Draft(request), audit);
        if (onRecord)
            AuditWithChange.Stored(http, audit);
        return TypedResults.Created($"/api/v1/items/{item.Id}", item);
    }

    public static async Task<Ok<Item>> Get(string id, HttpContext http, IGrainFactory grains, IAuditLog audit)
    {
        var item = await Item(grains, id).Get(http.User.ToCaller());
        if (item.Classification == Classification.Secret)
            await audit.RecordAsync(http, AuditActions.SecretRead, $"items/{item.Id}");
        return TypedResults.Ok(item);
    }

    public static async Task<Ok<Page<SecretRead>>> SecretReads(string id, HttpContext http, IGrainFactory grains, int? limit, string? cursor)
    {
        var skip = cursor is null ? 0 : int.TryParse(cursor, out var position) && position >= 0 ? position
            : throw DomainException.Invalid("cursor", zh: "翻页标记无效", en: "The cursor is not one this service gave out.");
        var pageSize = Paging.Limit(limit);
        var reads = await Item(grains, id).SecretReads(http.User.ToCaller(), skip, pageSize + 1);
        return TypedResults.Ok(new Page<SecretRead>(reads.Take(pageSize).ToList(),
            reads.Count > pageSize ? (skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    public static async Task<Ok<Page<ItemSummary>>> List(HttpContext http, IGrainFactory grains, TimeProvider clock,
        string? unit, string? status, string? kind, string? topic, string? from, string? to, string? order, int? limit, string? cursor)
    {
        var caller = http.User.ToCaller();
        var query = ListQuery(caller, unit, status, kind, topic, from, to, order, clock);
        return TypedResults.Ok(await ReadListAsync(grains, caller, query, cursor, Paging.Limit(limit), clock));
    }

    public static async Task<Ok<Item>> Revise(string id, ItemRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Item(grains, id).Revise(http.User.ToCaller(), Draft(request)));

    public static async Task<Ok<Item>> Review(string id, ReviewRequest request, HttpContext http, IGrainFactory grains)
    {
        var decision = Require.Value(Paging.Enum<ReviewDecision>(request.Decision, "decision"), "decision");
        return TypedResults.Ok(await Item(grains, id).Review(http.User.ToCaller(), decision, Require.Text(request.Comment, "comment")));
    }

    public static async Task<Ok<Item>> Forward(string id, ForwardRequest request, HttpContext http, IGrainFactory grains)
    {
        var level = Require.Value(Paging.Enum<UpperLevel>(request.Level, "level"), "level");
        return TypedResults.Ok(await Item(grains, id).Forward(http.User.ToCaller(), level));
    }

    public static async Task<Ok<Item>> Adopt(string id, AdoptionRequest request, HttpContext http, IGrainFactory grains)
    {
        var level = Require.Value(Paging.Enum<AdoptionLevel>(request.Level, "level"), "level");
        return TypedResults.Ok(await Item(grains, id).Adopt(http.User.ToCaller(), level, Require.Text(request.Publication, "publication")));
    }

    public static async Task<Ok<Item>> Instruct(string id, InstructionBody request, HttpContext http, IGrainFactory grains)
    {
        var level = Require.Value(Paging.Enum<InstructionLevel>(request.Level, "level"), "level");
        var opening = Opening(request.OpenCase);
        var instruction = new InstructionRequest(Require.Text(request.Leader, "leader"), level, Require.Text(request.Text, "text"), opening);
        return TypedResults.Ok(await Item(grains, id).Instruct(http.User.ToCaller(), instruction));
    }

    public static async Task<Ok<Item>> DisposeInstruction(string id, string instructionId, DispositionRequest request, HttpContext http, IGrainFactory grains)
    {
        var decision = Require.Value(Paging.Enum<InstructionDecision>(request.Decision, "decision"), "decision");
        return TypedResults.Ok(await Item(grains, id).DisposeInstruction(http.User.ToCaller(), instructionId, decision, request.Reason, Opening(request.OpenCase)));
    }

    public static async Task<Ok<Item>> CorrectOccurrence(string id, OccurrenceRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Item(grains, id).CorrectOccurrence(http.User.ToCaller(), Require.Value(request.OccurredAt, "occurredAt"), Require.Text(request.Reason, "reason")));

    public static async Task<Created<Item>> Compose(CompositeRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var draft = Draft(new ItemRequest(request.Title, request.Body, request.Topic, request.Kind, request.Classification, null, null));
        var id = ItemIds.For(caller.Username, http.Request.Headers[IdempotencyMiddleware.HeaderName].FirstOrDefault());
        var item = await grains.GetGrain<IItemGrain>(GrainKeys.Item(id)).Compose(caller, draft, Require.List(request.SourceItemIds, "sourceItemIds"));
        return TypedResults.Created($"/api/v1/items/{item.Id}", item);
    }

    public static async Task<Ok<Item>> EditText(string id, TextEditRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Item(grains, id).EditText(http.User.ToCaller(), Require.Text(request.Title, "title"), Require.Text(request.Body, "body"), request.Note));

    public static async Task<Ok<Item>> AddFollowUp(string id, FollowUpRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Item(grains, id).AddFollowUp(http.User.ToCaller(), Require.Text(request.Body, "body"), request.Final ?? false));

    /// <summary>The list's query as the caller may ask it (also for the list's spreadsheet): a bounded China-time period.</summary>
    internal static ItemQuery ListQuery(Caller caller, string? unit, string? status, string? kind, string? topic,
        string? from, string? to, string? order, TimeProvider clock)
    {
        var (start, end) = Periods.Parse(from, to, clock);
        var countyWide = caller.CountyCode is { } callerCounty && ItemAccess.HasCountyRole(caller, callerCounty);
        if (!countyWide && (!caller.Has(Role.UnitOfficer) || caller.CountyCode is null || caller.UnitCode is null))
            throw DomainException.Forbidden(zh: "只有县两办人员和信息员可以查看信息列表", en: "Only county roles and unit officers list items.");
        if (!countyWide && unit is not null && unit != caller.UnitCode)
            throw DomainException.Forbidden(zh: "信息员只能查看本单位的信息", en: "A unit officer lists only the own unit's items.");
        return new ItemQuery(countyWide ? unit : caller.UnitCode, Paging.Enum<ItemStatus>(status, "status"),
            Paging.Enum<ItemKind>(kind, "kind"), start, end, Paging.Enum<Topic>(topic, "topic"), OldestFirst(order));
    }

    internal static async Task<Page<ItemSummary>> ReadListAsync(IGrainFactory grains, Caller caller, ItemQuery query, string? cursor, int limit, TimeProvider clock)
    {
        var county = caller.CountyCode!;
        var earliest = (await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(county)).Get())?.CreatedAt ?? clock.GetUtcNow();
        return await ItemListing.ReadAsync(grains, month => GrainKeys.CountyItems(county, month), earliest, caller, query, cursor, limit, clock);
    }

    private static IItemGrain Item(IGrainFactory grains, string id) =>
        ItemIds.IsValid(id) ? grains.GetGrain<IItemGrain>(GrainKeys.Item(id)) : throw DomainException.NotFound(zh: $"信息“{id}”不存在", en: $"There is no item '{id}'.");

    private static CaseOpening? Opening(OpenCaseRequest? open) => open is null
        ? null
        : new CaseOpening(Require.Text(open.LeadUnit, "openCase.leadUnit"), open.CoUnits ?? [], Require.Value(open.DueAt, "openCase.dueAt"));

    private static bool OldestFirst(string? order) => order switch
    {
        null or "newest" => false,
        "oldest" => true,
        _ => throw DomainException.Invalid("order", zh: $"排序方式“{order}”无效，可选值：newest、oldest", en: $"'{order}' is not one of: newest, oldest."),
    };

    private static ItemDraft Draft(ItemRequest request) => new(
        Require.Text(request.Title, "title"),
        Require.Text(request.Body, "body"),
        Require.Value(Paging.Enum<Topic>(request.Topic, "topic"), "topic"),
        Require.Value(Paging.Enum<ItemKind>(request.Kind, "kind"), "kind"),
        Paging.Enum<Classification>(request.Classification, "classification") ?? Classification.Public,
        request.OccurredAt,
        request.PhoneReportedAt);
}
