using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OfficeMesh.Benchmarks;

/// <summary>An item the load generator submitted, and who may read it.</summary>
public sealed record SubmittedItem(Officer Officer, string Id);

/// <summary>
/// Drives OfficeMesh over HTTP/1.1 with many concurrent connections, as many townships' systems would:
/// closed-loop at full concurrency, or paced to a target rate.
/// </summary>
public sealed class LoadGenerator(HttpClient http)
{
    /// <summary>About 1 KB of item as JSON, comparable to pgbench's ~1 KB jsonb row.</summary>
    private static readonly string RoutineBody = string.Concat(Enumerable.Repeat("今日全镇开展防汛检查，落实责任到人。", 18));

    public static HttpClient CreateClient(Uri gateway, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = false,
        })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
        };

    public static byte[] RoutineItemJson(int number) => JsonSerializer.SerializeToUtf8Bytes(
        new { title = $"工作动态 {number}", body = RoutineBody, topic = "focus", kind = "dynamic" }, JsonSerializerOptions.Web);

    /// <summary>POST /api/v1/items (routine, no Idempotency-Key) from random officers, closed loop or paced.</summary>
    public async Task<PhaseResult> SubmitAsync(IReadOnlyList<Officer> officers, int concurrency, TimeSpan duration, double? perSecond,
        ConcurrentBag<SubmittedItem>? submitted, CancellationToken cancellationToken)
    {
        var number = 0;
        return await RunAsync(concurrency, duration, perSecond, async random =>
        {
            var officer = officers[random.Next(officers.Count)];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items")
            {
                Content = new ByteArrayContent(RoutineItemJson(Interlocked.Increment(ref number))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officer.Token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
                return $"{(int)response.StatusCode}";
            if (submitted is not null)
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var item = await JsonNode.ParseAsync(body, cancellationToken: cancellationToken);
                submitted.Add(new SubmittedItem(officer, item!["id"]!.GetValue<string>()));
            }
            else
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            }
            return null;
        }, cancellationToken);
    }

    /// <summary>GET /api/v1/items/{id} of random existing items, each as its submitting officer.</summary>
    public Task<PhaseResult> ReadAsync(IReadOnlyList<SubmittedItem> items, int concurrency, TimeSpan duration, CancellationToken cancellationToken,
        double? perSecond = null) =>
        RunAsync(concurrency, duration, perSecond, async random =>
        {
            var item = items[random.Next(items.Count)];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/items/{item.Id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", item.Officer.Token);
            using var response = await http.SendAsync(request, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}";
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="operation"/> (null on success, else what failed) from <paramref name="concurrency"/> workers for <paramref name="duration"/>.
    /// With <paramref name="perSecond"/>, starts are spaced evenly (open loop), so latency includes no self-imposed queueing.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(int concurrency, TimeSpan duration, double? perSecond, Func<Random, Task<string?>> operation, CancellationToken cancellationToken)
    {
        var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        long nextSlot = -1;
        async Task WorkAsync(int seed)
        {
            var random = new Random(seed);
            var samples = recorder.ForWorker();
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                if (perSecond is { } rate)
                {
                    var startAt = TimeSpan.FromSeconds(Interlocked.Increment(ref nextSlot) / rate);
                    if (startAt >= duration)
                        break;
                    var wait = startAt - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, cancellationToken);
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await operation(random) is { } failure)
                        recorder.Error(failure);
                    else
                        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    recorder.Error(error.GetType().Name);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(seed => Task.Run(() => WorkAsync(seed), cancellationToken)));
        return recorder.Summarise(clock.Elapsed);
    }

    /// <summary>An emergency item occurred a few minutes ago, as a township reports it.</summary>
    public static object EmergencyItem(int number) => new
    {
        title = $"突发事件 {number}",
        body = "某村发生山体滑坡，暂无人员伤亡，现场已封控。",
        topic = "hot",
        kind = "emergency",
        occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5),
    };

    public static string BodyText(object item) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(item, JsonSerializerOptions.Web));
}
