using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;
using Orleans.Runtime;

namespace OfficeMesh.Api.Http;

/// <summary>
/// Turns every exception that reaches the edge into an RFC 9457 problem: a rule's refusal keeps its
/// status and names the field, unreadable JSON is a 400 naming the JSON path, and only a real fault is a 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => FromDomain(domain),
            BadHttpRequestException { InnerException: JsonException json } => Invalid(FieldOf(json), ReadableJsonError(json)),
            JsonException json => Invalid(FieldOf(json), ReadableJsonError(json)),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = bad.Message },
            // A silo died or is leaving and the cluster has not caught up yet: the request may succeed in a moment.
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => Unavailable(context),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal error", Detail = "An unexpected error occurred." };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromDomain(DomainException domain) => domain.Error switch
    {
        DomainError.Invalid => Invalid(domain.Field ?? "body", domain.Message),
        DomainError.NotFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = domain.Message },
        DomainError.Conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = domain.Message },
        DomainError.Forbidden => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = domain.Message },
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain.Error, null),
    };

    private static ProblemDetails Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Temporarily unavailable",
            Detail = "Part of the cluster is failing over; retry shortly (with the same Idempotency-Key for creates).",
        };
    }

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = message,
        };

    /// <summary>"$.openCase.dueAt" becomes "openCase.dueAt"; a problem with the whole document is "body".</summary>
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    private static string ReadableJsonError(JsonException json) =>
        json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"The field '{FieldOf(json)}' is not part of this request."
        : json.Path is { Length: > 2 } ? $"The field '{FieldOf(json)}' has a value of the wrong type or format."
        : "The request body is not valid JSON.";

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
