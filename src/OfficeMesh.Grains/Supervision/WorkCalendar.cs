using System.Globalization;

namespace OfficeMesh.Grains.Supervision;

/// <summary>The calendar data an administrator keeps (<c>OfficeMesh:Calendar</c>): holidays and make-up working days (调休).</summary>
public sealed class WorkCalendarOptions
{
    /// <summary>Public holidays: single dates ("2026-01-01") or ranges ("2026-02-15/2026-02-23").</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Weekend days that are working days that year (调休上班).</summary>
    public List<string> MakeUpWorkdays { get; set; } = [];
}

/// <summary>
/// Working days: Monday to Friday, minus public holidays, plus make-up working days. Deadlines given
/// in working days end at the close of the last working day, China time.
/// </summary>
public sealed class WorkCalendar
{
    public static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkdays;

    public WorkCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkdays)
    {
        _holidays = [.. holidays];
        _makeUpWorkdays = [.. makeUpWorkdays];
    }

    public static WorkCalendar From(WorkCalendarOptions options) =>
        new(options.Holidays.SelectMany(ExpandRange), options.MakeUpWorkdays.Select(Parse));

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpWorkdays.Contains(day) || (!_holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The <paramref name="workingDays"/>-th working day after <paramref name="start"/> (the start day itself does not count).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        if (workingDays < 1)
            throw new ArgumentOutOfRangeException(nameof(workingDays), "At least one working day.");
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
                counted++;
        }
        return day;
    }

    /// <summary>A deadline <paramref name="workingDays"/> working days after <paramref name="from"/>: the end of that day, China time.</summary>
    public DateTimeOffset DeadlineAfter(DateTimeOffset from, int workingDays)
    {
        var localStart = DateOnly.FromDateTime(from.ToOffset(ChinaTime).DateTime);
        var last = AddWorkingDays(localStart, workingDays);
        return new DateTimeOffset(last.ToDateTime(new TimeOnly(23, 59, 59)), ChinaTime);
    }

    /// <summary>
    /// How many working days after its deadline a case closed: the working days after the deadline's
    /// day up to the closing day, China time; 0 when closed by the deadline, and at least 1 when late
    /// at all (a case closed the evening after a deadline, or on the weekend after it, is a day late).
    /// </summary>
    public int WorkingDaysLate(DateTimeOffset dueAt, DateTimeOffset closedAt)
    {
        if (closedAt <= dueAt)
            return 0;
        var dueDay = DateOnly.FromDateTime(dueAt.ToOffset(ChinaTime).DateTime);
        var closedDay = DateOnly.FromDateTime(closedAt.ToOffset(ChinaTime).DateTime);
        var late = 0;
        for (var day = dueDay.AddDays(1); day <= closedDay; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
                late++;
        }
        return Math.Max(1, late);
    }

    /// <summary>
    /// Working days left before a deadline: the working days after today up to the deadline's day, China
    /// time (0 on the last day); once the deadline has passed, minus the working days late.
    /// </summary>
    public int WorkingDaysLeft(DateTimeOffset now, DateTimeOffset dueAt)
    {
        if (now > dueAt)
            return -WorkingDaysLate(dueAt, now);
        var today = DateOnly.FromDateTime(now.ToOffset(ChinaTime).DateTime);
        var dueDay = DateOnly.FromDateTime(dueAt.ToOffset(ChinaTime).DateTime);
        var left = 0;
        for (var day = today.AddDays(1); day <= dueDay; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
                left++;
        }
        return left;
    }

    private static IEnumerable<DateOnly> ExpandRange(string text)
    {
        var parts = text.Split('/');
        var first = Parse(parts[0]);
        var last = parts.Length > 1 ? Parse(parts[1]) : first;
        for (var day = first; day <= last; day = day.AddDays(1))
            yield return day;
    }

    private static DateOnly Parse(string text) =>
        DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
