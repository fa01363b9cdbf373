using OfficeMesh.Contracts;
using OfficeMesh.Grains.Supervision;
using Xunit;

namespace OfficeMesh.Tests.Rules;

public sealed class DeadlinesTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Due = Opened.AddDays(20);

    [Theory]
    [InlineData(0, Light.Green)]
    [InlineData(14.9, Light.Green)]
    [InlineData(15, Light.Yellow)]
    [InlineData(20, Light.Yellow)]
    [InlineData(20.01, Light.Red)]
    [InlineData(45, Light.Red)]
    public void The_light_turns_yellow_at_three_quarters_and_red_after_the_deadline(double daysAfterOpening, Light light) =>
        Assert.Equal(light, Deadlines.LightAt(Opened, Due, Opened.AddDays(daysAfterOpening), closedAt: null));

    [Fact]
    public void A_closed_case_keeps_the_light_it_closed_with_green_on_time_red_late()
    {
        Assert.Equal(Light.Green, Deadlines.LightAt(Opened, Due, Due.AddDays(5), closedAt: Due.AddDays(-1)));
        Assert.Equal(Light.Red, Deadlines.LightAt(Opened, Due, Due.AddDays(5), closedAt: Due.AddDays(2)));
    }

    [Theory]
    [InlineData(14, null)]
    [InlineData(15, 0)]
    [InlineData(19.9, 0)]
    [InlineData(20.001, 1)]
    [InlineData(20.99, 1)]
    [InlineData(21, 2)]
    [InlineData(23.5, 4)]
    public void Urging_slots_are_the_yellow_point_the_deadline_and_each_day_after(double days, int? slot) =>
        Assert.Equal(slot, Deadlines.LatestDueSlot(Opened, Due, Opened.AddDays(days)));

    [Fact]
    public void A_slot_is_sent_once_and_slots_missed_while_down_collapse_into_the_latest()
    {
        Assert.Equal(0, Deadlines.SlotToSend(Opened, Due, Opened.AddDays(16), lastSentSlot: -1));
        Assert.Null(Deadlines.SlotToSend(Opened, Due, Opened.AddDays(16), lastSentSlot: 0));
        Assert.Equal(4, Deadlines.SlotToSend(Opened, Due, Opened.AddDays(23.5), lastSentSlot: 0));
        Assert.Null(Deadlines.SlotToSend(Opened, Due, Opened.AddDays(16), lastSentSlot: -1, firstSlotIsDeadline: true));
    }
}

public sealed class WorkCalendarTests
{
    // The 2026 notice: Spring Festival Feb 15–23, make-up working Saturdays Feb 14 and Feb 28.
    private static readonly WorkCalendar Calendar = WorkCalendar.From(new WorkCalendarOptions
    {
        Holidays = ["2026-01-01/2026-01-03", "2026-02-15/2026-02-23", "2026-10-01/2026-10-07"],
        MakeUpWorkdays = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-10-10"],
    });

    [Theory]
    [InlineData("2026-02-13T23:59:59+08:00", "2026-02-13T20:00:00+08:00", 0)] // closed before the deadline
    [InlineData("2026-02-13T23:59:59+08:00", "2026-02-14T10:00:00+08:00", 1)] // Saturday 14 Feb is a make-up working day
    [InlineData("2026-02-13T23:59:59+08:00", "2026-02-24T10:00:00+08:00", 2)] // then the Spring Festival: 24 Feb is the next working day
    [InlineData("2026-03-06T23:59:59+08:00", "2026-03-08T10:00:00+08:00", 1)] // late over a weekend only: still a day late
    [InlineData("2026-03-06T12:00:00+08:00", "2026-03-06T18:00:00+08:00", 1)] // late on the deadline's own day
    public void A_late_case_is_late_by_the_working_days_after_its_deadline(string due, string closed, int days) =>
        Assert.Equal(days, Calendar.WorkingDaysLate(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(closed, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Holidays_are_off_and_make_up_weekend_days_are_working_days()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, 16)));   // a Monday in the Spring Festival
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));    // a make-up Saturday
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 1, 4)));     // a make-up Sunday
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 3, 7)));    // an ordinary Saturday
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 3, 9)));
    }

    [Fact]
    public void Five_working_days_from_before_the_Spring_Festival_skip_the_holiday_and_count_the_make_up_Saturdays()
    {
        // Thu Feb 12 → Fri 13 (1), Sat 14 make-up (2), Feb 15–23 holiday, Tue 24 (3), Wed 25 (4), Thu 26 (5).
        Assert.Equal(new DateOnly(2026, 2, 26), Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 5));
        // Thu Feb 26 → Fri 27 (1), Sat 28 make-up (2), Mon Mar 2 (3).
        Assert.Equal(new DateOnly(2026, 3, 2), Calendar.AddWorkingDays(new DateOnly(2026, 2, 26), 3));
    }

    [Theory]
    [InlineData("2026-02-12T09:00:00+08:00", "2026-02-26T23:59:59+08:00", 5)]  // the five working days of the Spring Festival example
    [InlineData("2026-03-06T09:00:00+08:00", "2026-03-06T23:59:59+08:00", 0)]  // due tonight: no whole working day left
    [InlineData("2026-03-06T09:00:00+08:00", "2026-03-09T23:59:59+08:00", 1)]  // over the weekend only Monday counts
    [InlineData("2026-02-14T10:00:00+08:00", "2026-02-13T23:59:59+08:00", -1)] // a day late, as WorkingDaysLate counts it
    public void Working_days_left_count_the_working_days_after_today_up_to_the_deadline(string now, string due, int left) =>
        Assert.Equal(left, Calendar.WorkingDaysLeft(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_working_day_deadline_ends_that_day_in_China_time()
    {
        // Thursday 20:00 UTC is already Friday 04:00 in China: one working day later is Monday, not Friday.
        var openedUtc = new DateTimeOffset(2026, 3, 5, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 23, 59, 59, TimeSpan.FromHours(8)), Calendar.DeadlineAfter(openedUtc, 1));
        // From the eve of National Day, the first working day is Thursday Oct 8.
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 23, 59, 59, TimeSpan.FromHours(8)), Calendar.DeadlineAfter(new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8)), 1));
    }
}
