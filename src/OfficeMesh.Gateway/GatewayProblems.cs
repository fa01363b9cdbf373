using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OfficeMesh.Gateway;

/// <summary>
/// The gateway's own problems (no token, rate limit, oversized body, no silo to answer) in the
/// caller's language, by the rule the API follows: Chinese unless <c>Accept-Language</c> prefers
/// English to Chinese. The gateway depends on nothing of the API, so the rule is repeated here.
/// </summary>
public static class GatewayProblems
{
    public static bool PrefersEnglish(HttpContext context)
    {
        var accepted = context.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in accepted.Where(value => value.Quality is null or > 0).OrderByDescending(value => value.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
                return true;
            if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return false;
    }

    private static long BodyLimit(ProblemDetailsContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;

    public static string Pick(HttpContext context, string zh, string en) => PrefersEnglish(context) ? en : zh;

    /// <summary>Title by status, and a detail for problems that came without one (status-code pages).</summary>
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (titleZh, titleEn, detailZh, detailEn) = status switch
        {
            StatusCodes.Status401Unauthorized => ("身份验证失败", "Not authenticated", "请先登录；如已登录，可能登录已过期，请重新登录", "Sign in first; a token that expired or was revoked must be renewed."),
            StatusCodes.Status403Forbidden => ("无权操作", "Forbidden", "当前账号无权进行此操作", "This account may not do this."),
            StatusCodes.Status404NotFound => ("未找到", "Not found", "请求的内容不存在", "What was asked for does not exist."),
            StatusCodes.Status413PayloadTooLarge => ("请求内容过大", "Request body too large", $"请求内容不能超过{BodyLimit(context)}字节", $"Request bodies may be at most {BodyLimit(context)} bytes."),
            StatusCodes.Status429TooManyRequests => ("请求过于频繁", "Too many requests", "请求过于频繁，请稍后再试", "Too many requests; slow down and retry."),
            StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout =>
                ("服务暂时不可用", "Temporarily unavailable", "服务暂时不可用，请稍后再试", "The service is temporarily unavailable; retry shortly."),
            _ => ("请求有误", "Bad request", null as string, null as string),
        };
        var english = PrefersEnglish(context.HttpContext);
        problem.Title = english ? titleEn : titleZh;
        if (problem.Detail is null && detailZh is not null)
            problem.Detail = english ? detailEn : detailZh;
    }
}
