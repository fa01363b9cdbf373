using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Supervision;

/// <summary>Answers from the silo's <see cref="WorkCalendar"/>, the same one cases open and close with. Holds no state.</summary>
[StatelessWorker]
public sealed class WorkCalendarGrain(WorkCalendar calendar) : Grain, IWorkCalendarGrain
{
    public Task<DateTimeOffset> DeadlineAfter(DateTimeOffset from, int workingDays) =>
        Task.FromResult(calendar.DeadlineAfter(from, workingDays));

    public Task<IReadOnlyList<int>> WorkingDaysLeft(DateTimeOffset now, IReadOnlyList<DateTimeOffset> deadlines) =>
        Task.FromResult<IReadOnlyList<int>>(deadlines.Select(dueAt => calendar.WorkingDaysLeft(now, dueAt)).ToList());
}
