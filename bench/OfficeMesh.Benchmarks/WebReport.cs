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
        text.AppendLine($"Headless Chromium (`{WebPhase.ChromiumPath}`) against the embedded all-in-one server through its gateway, on {machine.Describe()}, " +
                        $"with one county's {result.Items:N0} items submitted through the API first. Each of {result.SignInPageMs.Count} runs opens a fresh browser context " +
                        "(empty cache, no session) after one untimed visit; the verdict is on the median." +
                        (result.LoadAverage is { } load ? $" The machine's 1-minute load average was {load} at the end (other work on the same cores slows the browser too)." : ""));
        text.AppendLine();
        text.AppendLine("| what a person waits for | target | median | each run | verdict |");
        text.AppendLine("|---|---:|---:|---|---|");
        Row(text, "navigation to a usable sign-in page (empty cache; the username field takes input)", WebResult.SignInPageTargetMs, result.SignInPageMs);
        Row(text, "signing in to the township's inbox (待办 with its counts)", WebResult.InboxTargetMs, result.InboxMs);
        Row(text, $"the information section's list of all {result.Items:N0} items (全部信息) showing its first page, from the menu", WebResult.ItemListTargetMs, result.ItemListMs);
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
}
