using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>
/// The bounds of a date range a caller may ask for (lists, scores): not before 2000, not more than a year ahead,
/// and spanning at most <see cref="MaxSpanYears"/> years. Checked before any grain is asked, since every month of a
/// range may be a partition to activate.
/// </summary>
public static class Periods
{
    public const int MaxSpanYears = 5;
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A period as a client wrote it (calendar days in China time, or instants), parsed and bounded.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Parse(string? from, string? to, TimeProvider clock)
    {
        var start = ChinaTime.Boundary(from, "from", end: false);
        var end = ChinaTime.Boundary(to, "to", end: true);
        Validate(start, end, clock);
        return (start, end);
    }

    /// <summary>Throws a 400 naming <c>from</c> or <c>to</c> when a bound given is out of range or the span is too long.</summary>
    public static void Validate(DateTimeOffset? from, DateTimeOffset? to, TimeProvider clock, string fromField = "from")
    {
        var latest = clock.GetUtcNow().AddYears(1);
        if (from is { } start && (start < Earliest || start > latest))
            throw DomainException.Invalid(fromField, zh: $"{ChineseNames.Field(fromField)}须在{Earliest:yyyy年M月d日}至一年后之间", en: $"{fromField} must be between {Earliest:yyyy-MM-dd} and a year from now.");
        if (to is { } end && (end < Earliest || end > latest))
            throw DomainException.Invalid("to", zh: $"结束日期须在{Earliest:yyyy年M月d日}至一年后之间", en: $"to must be between {Earliest:yyyy-MM-dd} and a year from now.");
        if (from is { } first && first > (to ?? clock.GetUtcNow()))
            throw DomainException.Invalid(fromField, zh: $"{ChineseNames.Field(fromField)}不能晚于结束日期", en: $"{fromField} must not be after to.");
        if (from is { } a && to is { } b && b > a.AddYears(MaxSpanYears))
            throw DomainException.Invalid("to", zh: $"查询期间最长{MaxSpanYears}年", en: $"A period spans at most {MaxSpanYears} years.");
    }
}
