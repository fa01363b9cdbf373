using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OfficeMesh.Gateway;

/// <summary>
/// Refuses a declared oversized body with a 413 problem before it is read or proxied. Bodies sent
/// without a length are held to the same cap by Kestrel's MaxRequestBodySize as they stream.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: GatewayProblems.Pick(context,
                $"请求内容不能超过{limit}字节", $"Request bodies may be at most {limit} bytes.")).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
