using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace OfficeMesh.Api.Http;

/// <summary>
/// Turns every exception that reaches the edge into an RFC 9457 problem: a rule's refusal keeps its
/// status and names the field, unreadable JSON is a 400 naming the JSON path, and only a real fault is a 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var language = ProblemLanguage.Of(context);
        var problem = exception switch
        {
            DomainException domain => FromDomain(domain, language),
            BadHttpRequestException { InnerException: JsonException json } => Invalid(FieldOf(json), ReadableJsonError(json, language)),
            JsonException json => Invalid(FieldOf(json), ReadableJsonError(json, language)),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Detail = BadRequestDetail(bad, language) },
            _ when IsTransient(exception) => Unavailable(context, language),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// States a cluster passes through, not faults: a silo died, is leaving or not yet ready and the cluster has not
    /// caught up; a connection between silos was lost; two activations of a grain briefly raced while the cluster
    /// converged and the second one's write was refused (the stale activation is dropped, see StorageConflictFilter).
    /// The same request may succeed in a moment.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is
        SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or ClientNotAvailableException
        or ConnectionFailedException or OrleansLifecycleCanceledException or InconsistentStateException or TimeoutException
        || exception.InnerException is { } inner && IsTransient(inner);

    private static ProblemDetails FromDomain(DomainException domain, Language language) => domain.Error switch
    {
        DomainError.Invalid => Invalid(domain.Field ?? "body", domain.MessageIn(language)),
        DomainError.NotFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Detail = domain.MessageIn(language) },
        DomainError.Conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = domain.MessageIn(language) },
        DomainError.Forbidden => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Detail = domain.MessageIn(language) },
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain.Error, null),
    };

    private static ProblemDetails Unavailable(HttpContext context, Language language)
    {
        context.Response.Headers.RetryAfter = "2";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = language.Pick("系统正在切换节点，请稍后重试（新建类请求请使用相同的 Idempotency-Key）",
                "Part of the cluster is failing over; retry shortly (with the same Idempotency-Key for creates)."),
        };
    }

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
        };

    /// <summary>"$.openCase.dueAt" becomes "openCase.dueAt"; a problem with the whole document is "body".</summary>
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    private static string ReadableJsonError(JsonException json, Language language)
    {
        var field = FieldOf(json);
        return json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? language.Pick($"请求中不应包含字段“{field}”", $"The field '{field}' is not part of this request.")
            : json.Path is { Length: > 2 }
            ? language.Pick($"{ChineseNames.Field(field)}的值类型或格式不正确", $"The field '{field}' has a value of the wrong type or format.")
            : language.Pick("请求内容不是有效的 JSON", "The request body is not valid JSON.");
    }

    private static string BadRequestDetail(BadHttpRequestException bad, Language language) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => language.Pick("请求内容过大", "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => language.Pick("请求内容须为 JSON（application/json）", "The request body must be JSON (application/json)."),
        _ => language.Pick("请求格式不正确", bad.Message),
    };
}
