using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>
/// Which language a problem is written in, and the words every problem of a status shares. A caller
/// reads Chinese unless its <c>Accept-Language</c> prefers English (<c>en</c>, <c>en-US</c>, …) to
/// Chinese; languages OfficeMesh does not speak are passed over.
/// </summary>
public static class ProblemLanguage
{
    public static Language Of(HttpContext context)
    {
        var accepted = context.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in accepted.Where(value => value.Quality is null or > 0).OrderByDescending(value => value.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
                return Language.English;
            if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
                return Language.Chinese;
        }
        return Language.Chinese;
    }

    public static string Pick(this Language language, string zh, string en) => language == Language.English ? en : zh;

    /// <summary>
    /// Runs on every problem the API writes (through <see cref="IProblemDetailsService"/>): the title is
    /// the status's, in the caller's language; a problem without a detail of its own (a status-code
    /// page: no token, a role that may not call the endpoint, an unknown path) gets the status's detail.
    /// </summary>
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var language = Of(context.HttpContext);
        var (titleZh, titleEn, detailZh, detailEn) = Texts(status);
        problem.Title = language.Pick(titleZh, titleEn);
        if (problem.Detail is null && detailZh is not null)
            problem.Detail = language.Pick(detailZh, detailEn!);
    }

    private static (string TitleZh, string TitleEn, string? DetailZh, string? DetailEn) Texts(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("请求有误", "Invalid request", null, null),
        StatusCodes.Status401Unauthorized => ("身份验证失败", "Not authenticated", "请先登录；如已登录，可能登录已过期，请重新登录", "Sign in first; a token that expired or was revoked must be renewed."),
        StatusCodes.Status403Forbidden => ("无权操作", "Forbidden", "当前账号无权进行此操作", "This account may not do this."),
        StatusCodes.Status404NotFound => ("未找到", "Not found", "请求的内容不存在或无权查看", "What was asked for does not exist or is not visible to this account."),
        StatusCodes.Status405MethodNotAllowed => ("不支持的请求方式", "Method not allowed", "该地址不支持此请求方式", "This address does not accept this method."),
        StatusCodes.Status409Conflict => ("当前状态不允许此操作", "Conflict", null, null),
        StatusCodes.Status413PayloadTooLarge => ("请求内容过大", "Request body too large", null, null),
        StatusCodes.Status415UnsupportedMediaType => ("不支持的内容类型", "Unsupported media type", "请求内容须为 JSON（application/json）", "The request body must be JSON (application/json)."),
        StatusCodes.Status422UnprocessableEntity => ("请求无法处理", "Unprocessable request", null, null),
        StatusCodes.Status429TooManyRequests => ("请求过于频繁", "Too many requests", "请求过于频繁，请稍后再试", "Too many requests; slow down and retry."),
        StatusCodes.Status503ServiceUnavailable => ("服务暂时不可用", "Temporarily unavailable", "服务暂时不可用，请稍后再试", "The service is temporarily unavailable; retry shortly."),
        >= 500 => ("服务器内部错误", "Internal error", "服务器发生意外错误，请稍后再试", "An unexpected error occurred."),
        _ => ("请求有误", "Bad request", null, null),
    };
}
