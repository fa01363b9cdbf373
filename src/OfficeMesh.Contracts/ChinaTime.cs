namespace OfficeMesh.Contracts;

/// <summary>China Standard Time (UTC+8, no daylight saving): the calendar people of a county read dates in.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>2026年11月29日, as an official document dates itself.</summary>
    public static string ChineseDate(DateTimeOffset at)
    {
        var local = Of(at);
        return $"{local.Year}年{local.Month}月{local.Day}日";
    }
}
