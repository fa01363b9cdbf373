using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OfficeMesh.Api.Auth;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Api.Audit;

/// <summary>
/// Puts on record every change (POST, PUT, PATCH, DELETE under <c>/api/v1</c>, sign-ins included, whatever their
/// outcome) and every refused access (401 or 403, to anything). The entry is written when the response status is
/// known and before the response leaves (<see cref="HttpResponse.OnStarting(Func{Task})"/>), and the response
/// waits until the entry is stored: a caller is never told of a change the log does not hold.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, IAuditLog audit, ILogger<AuditMiddleware> logger)
{
    private const string ApiPrefix = "/api/v1";

    public Task InvokeAsync(HttpContext context)
    {
        // Read before the request runs: the exception handler clears the endpoint and route values of a failed request.
        var endpoint = context.GetEndpoint() as RouteEndpoint;
        var isChange = context.Request.Path.StartsWithSegments(ApiPrefix)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method);
        var action = AuditActions.For(context.Request.Method, endpoint?.RoutePattern, context.Request.Path);
        var target = AuditActions.TargetOf(endpoint?.RoutePattern, context.Request.RouteValues);
        if (isChange)
            AuditWithChange.Begin(context, action);
        context.Response.OnStarting(() => RecordAsync(context, isChange, action, target));
        return next(context);
    }

    private async Task RecordAsync(HttpContext context, bool isChange, string action, string? target)
    {
        var status = context.Response.StatusCode;
        if (!isChange && status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden))
            return;

        if (AuditWithChange.StoredEntry(context) is { } stored && stored.Status == status)
        {
            audit.Logged(stored);
            return;
        }

        var subject = AuditSubject.Of(context);
        var actor = subject?.Actor ?? (context.User.Identity?.IsAuthenticated == true ? context.User.Username() : null);
        target = subject?.Target ?? AuditActions.TargetOfLocation(context.Response.Headers.Location) ?? target;
        try
        {
            await audit.RecordAsync(AuditLogExtensions.Entry(context, actor, action, target, status));
        }
        catch (Exception error)
        {
            // The entry is in the OfficeMesh.Audit log already; the act itself happened, so its answer still goes out.
            LogNotStored(error, action, target);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit entry {Action} on {Target} was not stored")]
    private partial void LogNotStored(Exception error, string action, string? target);
}

/// <summary>
/// Who and what a request is about when the token does not say: a sign-in names its account in the body.
/// Set by an endpoint (or its filter), read by <see cref="AuditMiddleware"/>.
/// </summary>
public sealed record AuditSubject(string? Actor, string? Target)
{
    private static readonly object Key = new();

    public static AuditSubject? Of(HttpContext context) => context.Items.TryGetValue(Key, out var subject) ? subject as AuditSubject : null;

    public static void Set(HttpContext context, AuditSubject subject) => context.Items[Key] = subject;
}

/// <summary>
/// A change that puts its own audit entry on record, in the change's transaction (<see cref="IAuditedState"/>), so the
/// caller waits for one durable write instead of two. The endpoint asks for the entry its success would be recorded
/// with, hands it to the grain, and says when the grain stored it; <see cref="AuditMiddleware"/> then only logs it.
/// Should the answer end otherwise, the middleware records that answer as usual.
/// </summary>
public static class AuditWithChange
{
    private static readonly object ActionKey = new(), StoredKey = new();

    internal static void Begin(HttpContext context, string action) => context.Items[ActionKey] = action;

    internal static AuditEntry? StoredEntry(HttpContext context) => context.Items.TryGetValue(StoredKey, out var entry) ? entry as AuditEntry : null;

    /// <summary>The entry this request's change is recorded with if it ends with <paramref name="status"/>.</summary>
    public static AuditEntry EntryFor(HttpContext http, int status, string target) =>
        AuditLogExtensions.Entry(http, http.User.Username(),
            http.Items.TryGetValue(ActionKey, out var action) && action is string name ? name : throw new InvalidOperationException("The request is not an audited change."),
            target, status);

    /// <summary>The change stored <paramref name="entry"/> with itself.</summary>
    public static void Stored(HttpContext http, AuditEntry entry) => http.Items[StoredKey] = entry;
}
