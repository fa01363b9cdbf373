using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// <c>./bench.sh --setups documents</c>: on the embedded setup, a county of forty townships and about a
/// year of its items (6,000, a third accepted), then the time to download the item list and the score
/// table as spreadsheets, the first time and the median of the next five.
/// </summary>
public static class DocumentsRun
{
    public const string SetupName = "documents";
    private const int Repeats = 5;

    public static async Task<string> RunAsync(BenchmarkOptions options, MachineInfo machine, string command, Action<string> log, CancellationToken cancellationToken)
    {
        var (units, items) = options.Mode == BenchmarkMode.Smoke ? (4, 200) : (40, 6_000);
        log("Starting embedded…");
        await using var setup = await Setup.StartEmbeddedAsync(cancellationToken);
        using var http = LoadGenerator.CreateClient(setup.Gateway, options.Concurrency * 2);
        var directory = await CountyDirectory.CreateAsync(http, setup.AdminPassword, 1, units, cancellationToken);
        var county = directory.Counties[0];
        var admin = await JsonApi.SignInAsync(http, "admin", setup.AdminPassword, cancellationToken);
        var editor = await CountyDirectory.CreateAccountAsync(http, admin, county, "info-editor", cancellationToken);

        var seeding = Stopwatch.StartNew();
        await Parallel.ForAsync(0, items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var officer = directory.Officers[i % directory.Officers.Count];
            var item = await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/items", officer.Token,
                new { title = $"第{i}条信息", body = "全县各乡镇扎实推进重点工作，取得明显成效。", topic = "focus", kind = "dynamic" }, HttpStatusCode.Created, token);
            if (i % 3 == 0)
            {
                await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{item!["id"]!.GetValue<string>()}/reviews", editor,
                    new { decision = "accept", comment = "采用" }, HttpStatusCode.OK, token);
            }
        });
        log($"  seeded {units} townships and {items:N0} items ({(items + 2) / 3:N0} accepted) in {seeding.Elapsed.TotalSeconds:F1} s");

        var itemsExport = await TimeAsync(http, editor, "/api/v1/items/export", cancellationToken);
        log($"  items export: {Describe(itemsExport)}");
        var scoresExport = await TimeAsync(http, editor, "/api/v1/scores/export", cancellationToken);
        log($"  scores export: {Describe(scoresExport)}");

        var report = new StringBuilder()
            .AppendLine("# OfficeMesh documents benchmark")
            .AppendLine()
            .AppendLine($"`{command}` on {machine.Describe()}, embedded setup, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine()
            .AppendLine($"A county of {units} townships and {items:N0} items (a third accepted), all submitted in this run. Each download through the gateway:")
            .AppendLine()
            .AppendLine("| download | rows | size | first | median of next 5 |")
            .AppendLine("|---|---:|---:|---:|---:|")
            .AppendLine(Row("`GET /api/v1/items/export` (信息列表)", items, itemsExport))
            .AppendLine(Row("`GET /api/v1/scores/export` (信息工作考核通报)", units, scoresExport))
            .ToString();
        var path = Path.Combine(options.OutputDirectory, "benchmarks-documents.md");
        await File.WriteAllTextAsync(path, report, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(report);
        return path;
    }

    public sealed record Timing(int Bytes, TimeSpan First, TimeSpan Median);

    private static async Task<Timing> TimeAsync(HttpClient http, string token, string path, CancellationToken cancellationToken)
    {
        var durations = new List<TimeSpan>();
        var bytes = 0;
        for (var i = 0; i <= Repeats; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            clock.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            bytes = body.Length;
            durations.Add(clock.Elapsed);
        }
        var rest = durations.Skip(1).Order().ToList();
        return new Timing(bytes, durations[0], rest[rest.Count / 2]);
    }

    private static string Describe(Timing timing) =>
        $"{timing.Bytes / 1024.0:F0} KB, first {timing.First.TotalMilliseconds:F0} ms, median {timing.Median.TotalMilliseconds:F0} ms";

    private static string Row(string download, int rows, Timing timing) =>
        $"| {download} | {rows:N0} | {timing.Bytes / 1024.0:F0} KB | {timing.First.TotalMilliseconds:F0} ms | {timing.Median.TotalMilliseconds:F0} ms |";
}
