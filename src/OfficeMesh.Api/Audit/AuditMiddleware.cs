using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OfficeMesh.Api.Auth;

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
        context.Response.OnStarting(() => RecordAsync(context, isChange, action, target));
        return next(context);
    }

    private async Task RecordAsync(HttpContext context, bool isChange, string action, string? target)
    {
        var status = context.Response.StatusCode;
        if (!isChange && status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden))
            return;

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
