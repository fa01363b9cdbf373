using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Operations;

/// <summary>
/// The Grafana dashboards only query what OfficeMesh really exports: a real server process does a
/// county's work (submissions, reviews, an emergency on the duty stream, an overdue case, a bad
/// sign-in), a real Prometheus scrapes the gateway's /metrics with an operator's token, and every
/// metric named in the dashboards' PromQL must then exist in Prometheus with the cluster label.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DashboardMetricsTests
{
    private const string AdminPassword = "dashboard-admin-password";
    private const string ClusterLabel = "officemesh";
    private static readonly TimeSpan SeriesDeadline = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task Every_metric_the_dashboards_query_is_scraped_by_prometheus()
    {
        var prometheusBinary = PrometheusBinary();
        var dashboards = DashboardFiles();
        var queries = dashboards.SelectMany(PromQl.QueriesOf).ToList();
        var metricNames = queries.SelectMany(PromQl.MetricNames).ToHashSet();
        Assert.Contains("officemesh_items_submitted_total", metricNames);
        Assert.Contains("orleans_consistent_ring_size", metricNames);

        using var data = new TemporaryDataDirectory();
        var port = FreePort.Next();
        await using var server = ServerProcess.Start(port, new Dictionary<string, string>
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__DataDirectory"] = Path.Combine(data.Path, "server"),
            ["OfficeMesh__Bootstrap__AdminPassword"] = AdminPassword,
            ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            // Urgings must happen within the test: the case's deadline passes seconds after it opens.
            ["OfficeMesh__Supervision__ReminderPeriod"] = "00:00:02",
        });
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.Address };
        var county = await CountySetup.CreateAsync(new ApiClient(http), AdminPassword);

        await PlayCountyActivityAsync(http, county);

        var tokenFile = Path.Combine(data.Path, "gateway-token");
        await File.WriteAllTextAsync(tokenFile, county.Operator.Token, TestContext.Current.CancellationToken);
        await using var prometheus = PrometheusProcess.Start(prometheusBinary, Path.Combine(data.Path, "prometheus"), server.Address, tokenFile);
        await prometheus.WaitForHealthyScrapeAsync(TimeSpan.FromSeconds(30));

        var missing = await prometheus.WaitForSeriesAsync(metricNames, SeriesDeadline);
        Assert.True(missing.Count == 0,
            $"The dashboards query metrics Prometheus never scraped (with cluster=\"{ClusterLabel}\"): {string.Join(", ", missing.Order())}\n" +
            $"Scraped metric names: {string.Join(", ", await prometheus.MetricNamesAsync())}");

        foreach (var query in queries)
            await prometheus.AssertValidQueryAsync(query);
    }

    /// <summary>Records every OfficeMesh metric once: what a county does in a morning, compressed into seconds.</summary>
    private static async Task PlayCountyActivityAsync(HttpClient http, CountySetup county)
    {
        var routine = await Created(county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("千岛湖镇开展环湖治理")));
        var toReturn = await Created(county.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("文昌镇群众反映道路问题", "hot", "public-sentiment")));
        var toReject = await Created(county.Officer3.PostAsync("/api/v1/items", CountySetup.Routine("石林镇建议", "focus", "suggestion")));
        foreach (var (id, decision) in new[] { (routine, "accept"), (toReturn, "return"), (toReject, "reject") })
            (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision, comment = "审核意见" })).AssertStatus(HttpStatusCode.OK);

        await using (var duty = await EventStream.OpenAsync(http, "/api/v1/duty/emergencies/stream", county.Duty.Token!))
        {
            var now = DateTimeOffset.UtcNow;
            await Created(county.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Emergency("千岛湖渡船碰撞", now.AddMinutes(-30))));
            Assert.NotNull(await duty.NextAsync("emergency", TimeSpan.FromSeconds(10)));
        }

        await Created(county.Supervisor.PostAsync("/api/v1/cases",
            new { title = "限时督办", description = "数秒后到期", source = "assigned", leadUnit = county.Town1, dueAt = DateTimeOffset.UtcNow.AddSeconds(3) }));

        (await new ApiClient(http).SendAsync(HttpMethod.Post, "/api/v1/auth/token", new { username = "admin", password = "not-the-password" }))
            .AssertStatus(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> Created(Task<ApiResponse> response) =>
        (await response).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    private static string PrometheusBinary()
    {
        var candidates = new[] { "/usr/bin/prometheus" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "prometheus")));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "The prometheus binary is missing: install it (Debian: apt-get install prometheus); .ci/run installs it in CI.");
    }

    private static IReadOnlyList<JsonNode> DashboardFiles()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var dashboards = Path.Combine(directory.FullName, "deploy", "grafana", "dashboards");
            if (File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")) && Directory.Exists(dashboards))
            {
                var files = Directory.GetFiles(dashboards, "*.json");
                Assert.True(files.Length >= 2, $"Expected the county and cluster dashboards in {dashboards}.");
                return files.Select(file => JsonNode.Parse(File.ReadAllText(file))!).ToList();
            }
        }
        throw new DirectoryNotFoundException("Could not find deploy/grafana/dashboards above the test output directory.");
    }
}

/// <summary>Reads PromQL out of Grafana dashboards, and the metric names out of PromQL.</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    /// <summary>Every panel target's expression, and the metric of every <c>label_values(metric, label)</c> variable.</summary>
    public static IEnumerable<string> QueriesOf(JsonNode dashboard)
    {
        foreach (var panel in Panels(dashboard["panels"]))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                if (target?["expr"]?.GetValue<string>() is { Length: > 0 } expression)
                    yield return expression;
        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            var definition = variable?["definition"]?.GetValue<string>();
            if (definition is not null && LabelValues().Match(definition) is { Success: true } match)
                yield return match.Groups["metric"].Value;
        }
    }

    /// <summary>
    /// The metric names an expression selects: identifiers left after removing strings, label matchers,
    /// ranges and grouping clauses (so that <c>sum by (kind) (…)</c> reads as the call <c>sum (…)</c>),
    /// that are neither a function call nor a keyword.
    /// </summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var stripped = Strings().Replace(expression, "\"\"");
        stripped = LabelMatchers().Replace(stripped, "{}");
        stripped = Ranges().Replace(stripped, "[]");
        stripped = Grouping().Replace(stripped, "");
        return Identifiers().Matches(stripped).Select(match => match.Value).Where(name => !Keywords.Contains(name.ToLowerInvariant()));
    }

    /// <summary>A query as Grafana would send it, with the dashboards' variables filled in.</summary>
    public static string Expand(string expression, string cluster) => expression
        .Replace("$__rate_interval", "1m")
        .Replace("$__range", "5m")
        .Replace("$cluster", cluster);

    private static IEnumerable<JsonNode> Panels(JsonNode? panels)
    {
        foreach (var panel in panels?.AsArray().OfType<JsonNode>() ?? [])
        {
            yield return panel;
            foreach (var nested in Panels(panel["panels"]))
                yield return nested;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    /// <summary>An identifier not followed by an opening parenthesis (which would make it a function).</summary>
    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}

/// <summary>A real Prometheus scraping one OfficeMesh gateway as deploy/prometheus/prometheus.yml does, on a free loopback port.</summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private const string Job = "officemesh-gateway";
    private const string Cluster = "officemesh";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _api;

    private PrometheusProcess(Process process, Uri address)
    {
        _process = process;
        _api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static PrometheusProcess Start(string binary, string directory, Uri gateway, string tokenFile)
    {
        Directory.CreateDirectory(directory);
        var configFile = Path.Combine(directory, "prometheus.yml");
        // A one-second scrape so the test waits seconds, not the production 15.
        File.WriteAllText(configFile, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials_file: {tokenFile}
                static_configs:
                  - targets: ["{gateway.Authority}"]
                    labels:
                      cluster: {Cluster}
            """);
        var port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={configFile}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        return new PrometheusProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits until the gateway target's last scrape succeeded (token accepted, format understood).</summary>
    public async Task WaitForHealthyScrapeAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastState = "Prometheus not answering yet";
        while (clock.Elapsed < timeout)
        {
            Assert.False(_process.HasExited, $"Prometheus exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            var targets = await GetJsonAsync("/api/v1/targets?state=active");
            var target = targets?["data"]?["activeTargets"]?.AsArray().FirstOrDefault();
            if (target is not null)
            {
                if (target["health"]?.GetValue<string>() == "up")
                    return;
                lastState = $"health {target["health"]}, last error: {target["lastError"]}";
            }
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Prometheus did not scrape the gateway's /metrics within {timeout} ({lastState}).\n{Output}");
    }

    /// <summary>Polls until every name has a series carrying the cluster label; returns the names still missing at the deadline.</summary>
    public async Task<IReadOnlySet<string>> WaitForSeriesAsync(IEnumerable<string> names, TimeSpan timeout)
    {
        var missing = names.ToHashSet();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var name in missing.ToList())
            {
                var selector = Uri.EscapeDataString($"{{__name__=\"{name}\",cluster=\"{Cluster}\",job=\"{Job}\"}}");
                var series = await GetJsonAsync($"/api/v1/series?match[]={selector}");
                if (series?["data"]?.AsArray().Count > 0)
                    missing.Remove(name);
            }
            if (missing.Count == 0 || clock.Elapsed >= timeout)
                return missing;
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
    }

    public async Task<IEnumerable<string>> MetricNamesAsync()
    {
        var names = await GetJsonAsync("/api/v1/label/__name__/values");
        return names?["data"]?.AsArray().Select(name => name!.GetValue<string>()) ?? [];
    }

    /// <summary>Prometheus parses and evaluates the dashboard's query (an empty result is fine: no 5xx happened).</summary>
    public async Task AssertValidQueryAsync(string expression)
    {
        var expanded = PromQl.Expand(expression, Cluster);
        var result = await GetJsonAsync($"/api/v1/query?query={Uri.EscapeDataString(expanded)}");
        Assert.True(result?["status"]?.GetValue<string>() == "success", $"Prometheus rejected the dashboard query {expanded}: {result?.ToJsonString()}");
    }

    private async Task<JsonNode?> GetJsonAsync(string path)
    {
        try
        {
            using var response = await _api.GetAsync(path, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
