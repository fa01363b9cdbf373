using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OfficeMesh.Contracts;

/// <summary>
/// OfficeMesh's own meter, named <c>OfficeMesh</c>. Labels are bounded (kind, decision, light): never a
/// unit, user or item id. Gauges are fed by the grains that know the numbers, which publish them on their
/// own timers, so the metrics thread never touches grain state.
/// </summary>
public static class OfficeMeshMetrics
{
    public const string MeterName = "OfficeMesh";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, (int Green, int Yellow, int Red)> OpenCases = new();
    private static int _outboxBacklog;

    public static readonly Counter<long> ItemsSubmitted = Meter.CreateCounter<long>("officemesh.items.submitted",
        description: "Information items submitted, by kind.");

    public static readonly Histogram<double> EmergencyReceiptDelay = Meter.CreateHistogram<double>("officemesh.emergency.receipt_delay", "s",
        "From the moment an emergency occurred to its receipt by the county (the 2-hour rule).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [60, 300, 900, 1800, 3600, 5400, 7200, 10800, 21600, 86400] });

    public static readonly Histogram<double> EmergencyDeliveryDelay = Meter.CreateHistogram<double>("officemesh.emergency.delivery_delay", "s",
        "From receipt of an emergency to its arrival on a duty room's stream.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });

    public static readonly Counter<long> Reviews = Meter.CreateCounter<long>("officemesh.reviews",
        description: "Reviews by the information section, by decision.");

    public static readonly Histogram<double> ReviewWaitingTime = Meter.CreateHistogram<double>("officemesh.review.waiting_time", "s",
        "How long an item waited from submission to its review.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [60, 600, 3600, 14400, 28800, 86400, 259200, 604800] });

    public static readonly Counter<long> UrgingsSent = Meter.CreateCounter<long>("officemesh.urgings.sent",
        description: "Urgings (催办) the system sent, by kind.");

    public static readonly Counter<long> AuthenticationFailures = Meter.CreateCounter<long>("officemesh.auth.failures",
        description: "Failed sign-ins and rejected tokens.");

    static OfficeMeshMetrics()
    {
        Meter.CreateObservableGauge("officemesh.cases.open", ObserveOpenCases, description: "Open supervision cases, by light.");
        Meter.CreateObservableGauge("officemesh.outbox.backlog", () => _outboxBacklog,
            description: "Senders whose outbox rows outlived the time a delivery takes, found by this silo's last sweep.");
    }

    /// <summary>A county's case index reports its open cases by light; null when it deactivates.</summary>
    public static void ReportOpenCases(string county, (int Green, int Yellow, int Red)? counts)
    {
        if (counts is { } value) OpenCases[county] = value;
        else OpenCases.TryRemove(county, out _);
    }

    /// <summary>The outbox sweeper reports how many senders it found owing a delivery for too long.</summary>
    public static void ReportOutboxBacklog(int overdue) => _outboxBacklog = overdue;

    private static IEnumerable<Measurement<int>> ObserveOpenCases()
    {
        var totals = OpenCases.Values.Aggregate((Green: 0, Yellow: 0, Red: 0),
            (sum, county) => (sum.Green + county.Green, sum.Yellow + county.Yellow, sum.Red + county.Red));
        yield return new(totals.Green, new KeyValuePair<string, object?>("light", "green"));
        yield return new(totals.Yellow, new KeyValuePair<string, object?>("light", "yellow"));
        yield return new(totals.Red, new KeyValuePair<string, object?>("light", "red"));
    }

    public static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
