using Microsoft.AspNetCore.Http;
using OfficeMesh.Api.Auth;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>Marks an endpoint whose POST creates something, so an Idempotency-Key on it is honoured.</summary>
public sealed class IdempotentCreateAttribute : Attribute;

/// <summary>
/// Makes a create safe to retry: the first successful response to a caller's Idempotency-Key is stored
/// in a grain and replayed, byte for byte, for a retry with the same body; a different body under the
/// same key is refused rather than silently answered with someone else's result. Records expire (24 h by default)
/// and hold only a keyed fingerprint of the request (<see cref="RequestFingerprints"/>) and the response.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IGrainFactory grains, RequestFingerprints fingerprints)
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentCreateAttribute>() is null
            || context.User.Identity?.IsAuthenticated != true
            || !context.Request.Headers.TryGetValue(HeaderName, out var keyValues))
        {
            await next(context);
            return;
        }

        var key = keyValues.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
            throw DomainException.Invalid(HeaderName, zh: $"{HeaderName} 请求头须为1至{MaxKeyLength}个可见的 ASCII 字符",
                en: $"The {HeaderName} header must be 1 to {MaxKeyLength} visible ASCII characters.");

        var fingerprint = await fingerprints.OfAsync(context.Request);
        var grain = grains.GetGrain<IIdempotencyGrain>(GrainKeys.Idempotency(context.User.Username(), key));
        var check = await grain.Begin(fingerprint);
        switch (check.Outcome)
        {
            case IdempotencyOutcome.Replay:
                await ReplayAsync(context, check.Response!);
                return;
            case IdempotencyOutcome.Mismatch:
                await Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, detail: ProblemLanguage.Of(context).Pick(
                    $"该 {HeaderName} 已用于另一个不同的请求", $"This {HeaderName} was already used for a different request.")).ExecuteAsync(context);
                return;
            case IdempotencyOutcome.InFlight:
                await Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: ProblemLanguage.Of(context).Pick(
                    $"使用该 {HeaderName} 的请求仍在处理中，请稍后重试", $"A request with this {HeaderName} is still being processed; retry shortly.")).ExecuteAsync(context);
                return;
        }

        var originalBody = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await grain.Abandon();
            throw;
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        var body = captured.ToArray();
        if (context.Response.StatusCode is >= 200 and < 300)
        {
            await grain.Complete(fingerprint, new RecordedResponse(context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, body));
        }
        else
        {
            await grain.Abandon();
        }
        await originalBody.WriteAsync(body, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, RecordedResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        if (response.Location is not null)
            context.Response.Headers.Location = response.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }
}
