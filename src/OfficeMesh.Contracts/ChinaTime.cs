using System.Globalization;

namespace OfficeMesh.Contracts;

/// <summary>
/// The county lives in China time (UTC+8, no daylight saving): every period boundary — days, months,
/// years of lists, scores and partitions — is a calendar boundary there, not in UTC.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);

    public static DateTimeOffset StartOfMonth(DateTimeOffset at)
    {
        var local = at.ToOffset(Offset);
        return new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, Offset);
    }

    public static DateTimeOffset StartOfYear(DateTimeOffset at) => new(at.ToOffset(Offset).Year, 1, 1, 0, 0, 0, Offset);

    /// <summary>
    /// A period boundary as a client wrote it: a calendar day ("2026-01-01") is that day in China time,
    /// its first moment for a start and its last for an end; an instant with an offset is taken as written.
    /// </summary>
    public static DateTimeOffset? Boundary(string? text, string field, bool end)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        // A day at either end of the calendar has no China-time start in UTC; such a day is out of any period's bounds.
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year is > 1 and < 9999)
            return end ? StartOfDay(day.AddDays(1)).AddTicks(-1) : StartOfDay(day);
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at;
        throw DomainException.Invalid(field, zh: $"{ChineseNames.Field(field)}格式不正确，请写日期（2026-01-01）或带时区的时间",
            en: $"'{field}' must be a date (2026-01-01) or a time with an offset.");
    }

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>2026年11月29日, as an official document dates itself.</summary>
    public static string ChineseDate(DateTimeOffset at)
    {
        var local = Of(at);
        return $"{local.Year}年{local.Month}月{local.Day}日";
    }
}
