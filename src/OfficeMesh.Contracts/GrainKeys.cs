namespace OfficeMesh.Contracts;

/// <summary>
/// The one place grain keys are built. Unit codes and usernames are unique in a deployment;
/// everything that belongs to a county is keyed under the county's code, so many counties
/// share one cluster without their keys meeting.
/// </summary>
public static class GrainKeys
{
    public static string Unit(string unitCode) => unitCode;

    public static string Account(string username) => username;

    /// <summary>A unit's accounts; accounts without a unit (admin, operator) under "-", which no unit code can be.</summary>
    public static string UnitAccounts(string? unitCode) => unitCode ?? "-";

    /// <summary>Who read one secret item, kept apart from the item so the item does not grow with its readers.</summary>
    public static string SecretReads(string itemId) => itemId;

    public static string CountyDirectory(string countyCode) => countyCode;

    /// <summary>The directory of every upper office (city, province), which belong to no county. A '/' keeps it apart from any county's code.</summary>
    public const string UpperOfficeDirectory = "upper-offices/all";

    public static string Channel(string countyCode, ReportingChannel channel) =>
        $"{countyCode}/{ChannelSlug(channel)}";

    public static string Item(string itemId) => itemId;

    /// <summary>Items of a county by month of submission: a partition stays small and a month is never rewritten whole.</summary>
    /// <remarks>
    /// Months are China-time months. Items stored before the second release were indexed under UTC months and stay
    /// there (<paramref name="utcMonth"/>), so a change to one never leaves a stale copy in a second partition.
    /// </remarks>
    public static string CountyItems(string countyCode, DateTimeOffset submittedAt, bool utcMonth = false) => $"{countyCode}/{Month(submittedAt, utcMonth)}";

    /// <summary>What a county forwarded to an upper office, by month of submission.</summary>
    public static string UpperItems(string upperUnitCode, DateTimeOffset submittedAt, bool utcMonth = false) => $"upper/{upperUnitCode}/{Month(submittedAt, utcMonth)}";

    public static string EmergencyChannel(string countyCode) => Channel(countyCode, ReportingChannel.Emergency);

    public static string Periodical(string countyCode, int year) => $"{countyCode}/{year}";

    public static string NoticeBoard(string countyCode) => countyCode;

    public static string Scoreboard(string countyCode) => countyCode;

    public static string Case(string caseId) => caseId;

    public static string CaseIndex(string countyCode) => countyCode;

    /// <summary>The one work calendar of the deployment (its configuration, not a county's data).</summary>
    public const string WorkCalendar = "calendar";

    /// <summary>A county's case numbers of one year (the year in China time).</summary>
    public static string CaseNumbers(string countyCode, int year) => $"{countyCode}/{year}";

    public static string Coordination(string coordinationId) => coordinationId;

    public static string UnitInbox(string unitCode) => unitCode;

    /// <summary>The coordinations a unit created or must answer.</summary>
    public static string UnitCoordinations(string unitCode) => unitCode;

    /// <summary>What waits on one office of a county's two offices (the section, the supervision office, the leaders): a unit inbox of its own.</summary>
    public static string OfficeInbox(string countyCode, Role role) => $"{countyCode}/{RoleNames.Of(role)}";

    /// <summary>Every county of the deployment, read once at silo start to catch up on deadlines.</summary>
    public const string CountyRegistry = "all";

    /// <summary>The months (China time), newest first, from <paramref name="to"/> back to <paramref name="from"/>.</summary>
    public static IEnumerable<DateTimeOffset> MonthsBackwards(DateTimeOffset from, DateTimeOffset to)
    {
        var first = ChinaTime.StartOfMonth(from);
        for (var month = ChinaTime.StartOfMonth(to); month >= first; month = month.AddMonths(-1))
            yield return month;
    }

    /// <summary>The months, oldest first, from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    public static IEnumerable<DateTimeOffset> MonthsForwards(DateTimeOffset from, DateTimeOffset to) => MonthsBackwards(from, to).Reverse();

    private static string Month(DateTimeOffset at, bool utcMonth) =>
        at.ToOffset(utcMonth ? TimeSpan.Zero : ChinaTime.Offset).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Scoped to the caller, so two accounts never collide on the same client-chosen key.</summary>
    public static string Idempotency(string username, string idempotencyKey) => $"{username}/{idempotencyKey}";

    private static string ChannelSlug(ReportingChannel channel) => channel switch
    {
        ReportingChannel.Routine => "routine",
        ReportingChannel.Emergency => "emergency",
        ReportingChannel.PublicSentiment => "public-sentiment",
        ReportingChannel.InternetOpinion => "internet-opinion",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}
