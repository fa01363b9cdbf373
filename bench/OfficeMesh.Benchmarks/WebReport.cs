using System.Globalization;
using System.Text;

namespace OfficeMesh.Benchmarks;

/// <summary>The "Web workspace" section of docs/benchmarks.md, written beside the other figures or alone (--web).</summary>
public static class WebReport
{
    public const string Heading = "## Web workspace";

    public static string Section(WebResult result, MachineInfo machine)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        if (result.SkippedBecause is { } reason)
        {
            text.AppendLine($"Not measured: {reason}.");
            return text.ToString();
        }
        var server = result.Published
            ? "the embedded all-in-one server as published (`dotnet publish -c Release`: the web workspace trimmed, its files Brotli-compressed and fingerprinted, as a deployment serves them)"
            : "the embedded all-in-one server as built (untrimmed web workspace; the smoke run does not publish)";
        text.AppendLine($"Headless Chromium (`{WebPhase.ChromiumPath}`) against {server} through its gateway, on {machine.Describe()}, " +
                        $"with one county's {result.Items:N0} items submitted through the API first. Each of {result.SignInPageMs.Count} runs opens a fresh browser context " +
                        "(empty cache, no session) after one untimed visit; the verdict is on the median. Times are the page's own clock " +
                        "(`PageClock`): from the click's event (or the navigation's start) to the first animation frame in which what is awaited is " +
                        "in the page and visible. A stopwatch around Playwright's waits would add up to half a second: they poll, every 500 ms after " +
                        "the first 270 ms." +
                        (result.LoadAverage is { } load ? $" The machine's 1-minute load average was {load} at the end (other work on the same cores slows the browser too)." : ""));
        text.AppendLine();
        text.AppendLine("| what a person waits for | target | median | each run | verdict |");
        text.AppendLine("|---|---:|---:|---|---|");
        Row(text, "navigation to a usable sign-in page (empty cache; the username field takes input)", WebResult.SignInPageTargetMs, result.SignInPageMs);
        Row(text, "signing in to the township's inbox (待办 with its counts)", WebResult.InboxTargetMs, result.InboxMs);
        Row(text, $"the information section's list of all {result.Items:N0} items (全部信息) showing its first page, from the menu", WebResult.ItemListTargetMs, result.ItemListMs);
        if (result.LeaderPageMs.Count > 0)
        {
            Row(text, "signing in as a county leader to 领导驾驶舱 with both charts drawn (the chart library fetched on the way)", WebResult.LeaderPageTargetMs, result.LeaderPageMs);
            if (result.LeaderFromMenuMs.Count > 0)
                Row(text, "a signed-in leader opening 领导驾驶舱 from the menu (first time in the tab, from 督办台账) until both charts are drawn", WebResult.LeaderPageTargetMs, result.LeaderFromMenuMs);
            text.AppendLine();
            text.AppendLine($"The leader's county: {result.LeaderCounty}. The API stamps items and cases with the server's clock and cannot back-date them, " +
                            "so the items are not spread over a year: they are all this month's, the month partition the page's scores read (a year spread over " +
                            "twelve months would leave this month a twelfth of them). The page's one call, `GET /api/v1/leader/overview`, reads the county's " +
                            "emergency channel, its case index and this month's score partitions; it scans no item.");
        }
        if (result.Payload is { } payload)
        {
            text.AppendLine();
            text.AppendLine($"The sign-in page with an empty cache: {payload.Requests} requests, {Kib(payload.TransferredBytes)} transferred " +
                            $"({Kib(payload.DecodedBytes)} unpacked).");
        }
        return text.ToString();
    }

    /// <summary>Lines for the console: each figure with pass or fail against its target.</summary>
    public static IEnumerable<string> Verdicts(WebResult result)
    {
        if (result.SkippedBecause is { } reason)
        {
            yield return $"Web phase skipped: {reason}";
            yield break;
        }
        yield return Verdict("sign-in page (empty cache)", WebResult.SignInPageTargetMs, result.SignInPageMs);
        yield return Verdict("sign-in to inbox", WebResult.InboxTargetMs, result.InboxMs);
        yield return Verdict($"first page of {result.Items:N0} items", WebResult.ItemListTargetMs, result.ItemListMs);
        if (result.LeaderPageMs.Count > 0)
            yield return Verdict("sign-in to the leader's page with its charts", WebResult.LeaderPageTargetMs, result.LeaderPageMs);
        if (result.LeaderFromMenuMs.Count > 0)
            yield return Verdict("the leader's page from the menu", WebResult.LeaderPageTargetMs, result.LeaderFromMenuMs);
        if (result.Payload is { } payload)
            yield return $"sign-in page payload: {payload.Requests} requests, {Kib(payload.TransferredBytes)} transferred ({Kib(payload.DecodedBytes)} unpacked)";
    }

    /// <summary>The report with its web section put in place of an earlier one, or added at the end.</summary>
    public static string Replace(string? report, string section) => Report.ReplaceSection(report, Heading, section);

    private static void Row(StringBuilder text, string what, double targetMs, IReadOnlyList<double> values)
    {
        var median = WebResult.Median(values);
        text.AppendLine($"| {what} | {Seconds(targetMs)} | {median:F0} ms | {string.Join(", ", values.Select(value => value.ToString("F0", CultureInfo.InvariantCulture)))} ms | {Report.PassFail(median < targetMs)} |");
    }

    private static string Verdict(string what, double targetMs, IReadOnlyList<double> values)
    {
        var median = WebResult.Median(values);
        return $"{what}: median {median:F0} ms (runs: {string.Join(", ", values.Select(value => value.ToString("F0", CultureInfo.InvariantCulture)))}), target under {Seconds(targetMs)}: {(median < targetMs ? "PASS" : "FAIL")}";
    }

    private static string Seconds(double ms) => $"{ms / 1000:0.#} s";

    private static string Kib(long bytes) => $"{bytes / 1024.0:N0} KiB";
}
