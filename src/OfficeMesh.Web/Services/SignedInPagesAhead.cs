namespace OfficeMesh.Web.Services;

/// <summary>
/// What the signed-in pages need and the sign-in page does not: AntDesign's Chinese texts (<see cref="ChineseLocale"/>)
/// and its container for messages, notifications and dialogs (App.razor). The sign-in page renders without them, and
/// has them prepared once the person starts on its form (they then type for seconds), so neither waits on the way from
/// pressing 登录 to the first page. Signing in before that (a browser filling the form in) prepares them then.
/// </summary>
public static class SignedInPagesAhead
{
    private static bool s_started;

    /// <summary>Raised once, when the signed-in pages' needs are prepared (App.razor shows AntDesign's container then).</summary>
    public static event Action? Started;

    public static bool IsStarted => s_started;

    public static void Prepare()
    {
        if (s_started) return;
        s_started = true;
        ChineseLocale.EnsureSet();
        Started?.Invoke();
    }
}
