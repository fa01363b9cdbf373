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

    public static string CountyDirectory(string countyCode) => countyCode;

    public static string Channel(string countyCode, ReportingChannel channel) =>
        $"{countyCode}/{ChannelSlug(channel)}";

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
