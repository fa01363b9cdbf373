using System.Globalization;

namespace OfficeMesh.Web.Services;

/// <summary>Dates and times as a person in China reads them (UTC+8), whatever zone the browser is in.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>2026年11月29日 14:05</summary>
    public static string Format(DateTimeOffset at) =>
        at.ToOffset(Offset).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? at) => at is { } value ? Format(value) : "";

    /// <summary>The last second of <paramref name="date"/> in China time: a deadline given as a day.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) => new(date.ToDateTime(new TimeOnly(23, 59, 59)), Offset);

    /// <summary>2026年11月29日</summary>
    public static string FormatDate(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>The value of an &lt;input type="datetime-local"&gt;, read as China time.</summary>
    public static DateTimeOffset? FromInput(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Offset)
            : null;

    /// <summary>A moment as the value of an &lt;input type="datetime-local"&gt; in China time.</summary>
    public static string ToInput(DateTimeOffset? at) =>
        at is { } value ? value.ToOffset(Offset).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>How long ago, in words: 5分钟, 3小时, 2天.</summary>
    public static string Waiting(DateTimeOffset since, DateTimeOffset now)
    {
        var waited = now - since;
        if (waited < TimeSpan.FromHours(1)) return $"{Math.Max(0, (int)waited.TotalMinutes)}分钟";
        if (waited < TimeSpan.FromDays(1)) return $"{(int)waited.TotalHours}小时";
        return $"{(int)waited.TotalDays}天";
    }
}
