namespace OfficeMesh.Web.Services;

/// <summary>Messages the browser itself shows, and the Chinese fallback for a server message that is not Chinese.</summary>
public static class Messages
{
    public const string Network = "无法连接服务器，请检查网络后重试。";
    public const string WrongCredentials = "用户名或密码错误。";
    public const string SessionExpired = "登录已过期或已失效，请重新登录。";
    public const string SignInRequired = "请先登录。";
    public const string InvalidField = "此项填写有误。";

    public static string ForStatus(int status) => status switch
    {
        0 => Network,
        400 => "提交的内容有误，请检查后重试。",
        401 => SessionExpired,
        403 => "您没有权限执行此操作。",
        404 => "未找到，或您无权查看。",
        409 => "当前状态下不能执行此操作。",
        413 => "提交的内容过大。",
        429 => "操作过于频繁，请稍后再试。",
        >= 500 => "服务器暂时不可用，请稍后重试。",
        _ => $"请求失败（{status}）。",
    };

    /// <summary>The text if a person here can read it (it has Chinese in it), else null.</summary>
    public static string? Chinese(string? text) =>
        text is not null && text.Any(c => c is >= '\u4e00' and <= '\u9fff') ? text : null;
}
