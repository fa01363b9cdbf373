using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OfficeMesh.Api.Http;

/// <summary>A 429 problem with <c>Retry-After</c> in whole seconds (at least 1).</summary>
public static class TooManyRequests
{
    public static ProblemHttpResult Problem(HttpContext http, TimeSpan retryAfter, string zh, string en)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: ProblemLanguage.Of(http).Pick(zh, en));
    }
}
