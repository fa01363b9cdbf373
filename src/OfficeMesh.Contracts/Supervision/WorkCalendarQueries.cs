namespace OfficeMesh.Contracts;

/// <summary>
/// The work calendar (working days, holidays, 调休) as the supervision office's pages need it: the
/// deadline a case opened now in N working days gets, and the working days left before deadlines.
/// Key: <see cref="GrainKeys.WorkCalendar"/>. The calendar is the silo's configuration, so the API asks it here.
/// </summary>
[Alias("OfficeMesh.IWorkCalendarGrain")]
public interface IWorkCalendarGrain : IGrainWithStringKey
{
    /// <summary>The deadline <paramref name="workingDays"/> working days after <paramref name="from"/>: the end of that day, China time.</summary>
    [Alias("DeadlineAfter")] Task<DateTimeOffset> DeadlineAfter(DateTimeOffset from, int workingDays);

    /// <summary>For each deadline, the working days after <paramref name="now"/>'s day up to the deadline's day; negative: working days late.</summary>
    [Alias("WorkingDaysLeft")] Task<IReadOnlyList<int>> WorkingDaysLeft(DateTimeOffset now, IReadOnlyList<DateTimeOffset> deadlines);
}
