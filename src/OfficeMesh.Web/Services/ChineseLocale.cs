using AntDesign;

namespace OfficeMesh.Web.Services;

/// <summary>
/// AntDesign's Chinese texts (its zh-CN locale: pagination, empty lists, date pickers, dialogs), read once per tab.
/// The interpreted runtime takes a noticeable moment over them and the sign-in form uses none of them, so they are
/// read while the person types on the sign-in page (<see cref="SignedInPagesAhead"/>), or right after the first page
/// is on screen when the tab opens on a signed-in page (App.razor).
/// </summary>
public static class ChineseLocale
{
    private static bool s_set;

    public static void EnsureSet()
    {
        if (s_set) return;
        s_set = true;
        LocaleProvider.SetLocale("zh-CN");
    }
}
