
namespace OfficeMesh.Contracts;

/// <summary>
/// 红黄绿灯 and 催办 from the clock alone: green until 75% of the time from opening to the deadline
/// has passed, yellow until the deadline, red after it while not closed. Urgings are numbered slots:
/// slot 0 at the yellow point (a reminder), slot 1 at the deadline, slot n ≥ 2 one day later each
/// (overdue). Sending a slot once, and never a slot at or below the last one sent, makes urgings
/// exactly-once however often the check runs; slots missed while the system was down collapse into
/// the latest one, so a unit gets one urging on return, not a flood.
/// A closed case keeps the light it closed with: green if it closed by its deadline, red if late.
/// </summary>
public static class Deadlines
{
    public const double YellowFraction = 0.75;

    public static Light LightAt(DateTimeOffset openedAt, DateTimeOffset dueAt, DateTimeOffset now, DateTimeOffset? closedAt) =>
        closedAt is { } closed ? (closed > dueAt ? Light.Red : Light.Green)
        : now > dueAt ? Light.Red
        : now >= YellowPoint(openedAt, dueAt) ? Light.Yellow
        : Light.Green;

    public static DateTimeOffset YellowPoint(DateTimeOffset openedAt, DateTimeOffset dueAt) =>
        openedAt + TimeSpan.FromTicks((long)((dueAt - openedAt).Ticks * YellowFraction));

    public static DateTimeOffset SlotTime(int slot, DateTimeOffset openedAt, DateTimeOffset dueAt) => slot switch
    {
        0 => YellowPoint(openedAt, dueAt),
        _ => dueAt.AddDays(slot - 1),
    };

    public static UrgingKind KindOf(int slot) => slot == 0 ? UrgingKind.Reminder : UrgingKind.Overdue;

    /// <summary>The latest slot whose time has come, or null before the yellow point.</summary>
    public static int? LatestDueSlot(DateTimeOffset openedAt, DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (now < YellowPoint(openedAt, dueAt))
            return null;
        if (now < dueAt)
            return 0;
        return 1 + (int)Math.Floor((now - dueAt).TotalDays);
    }

    /// <summary>The slot to send now, if any: the latest due slot, when it is past the last one sent.</summary>
    public static int? SlotToSend(DateTimeOffset openedAt, DateTimeOffset dueAt, DateTimeOffset now, int lastSentSlot, bool firstSlotIsDeadline = false)
    {
        var latest = LatestDueSlot(openedAt, dueAt, now);
        if (firstSlotIsDeadline && latest == 0)
            return null;
        return latest > lastSentSlot ? latest : null;
    }
}
