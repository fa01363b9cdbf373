using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// A duty room watching its county's emergency stream while townships report emergencies at a steady
/// trickle: receipt (the item's <c>emergency.receivedAt</c>) to arrival on the stream, on one machine's clock.
/// </summary>
public sealed class EmergencyProbe : IAsyncDisposable
{
    private readonly HttpClient _streamHttp;
    private readonly HttpResponseMessage _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _arrivals = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _receipts = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmergencyProbe(HttpClient streamHttp, HttpResponseMessage stream)
    {
        _streamHttp = streamHttp;
        _stream = stream;
        _reading = ReadAsync();
    }

    public static async Task<EmergencyProbe> OpenAsync(Uri gateway, string dutyToken, CancellationToken cancellationToken)
    {
        // Its own connection, so the stream never waits behind load in a shared pool.
        var http = new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/duty/emergencies/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dutyToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var probe = new EmergencyProbe(http, response);
        await probe._ready.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        return probe;
    }

    /// <summary>Submits emergencies from the county's officers at <paramref name="perSecond"/> for <paramref name="duration"/>.</summary>
    public Task<PhaseResult> TrickleAsync(HttpClient http, IReadOnlyList<Officer> officers, double perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var number = 0;
        return LoadGenerator.RunAsync(4, duration, perSecond, async random =>
        {
            var officer = officers[random.Next(officers.Count)];
            var (status, item) = await JsonApi.SendAsync(http, HttpMethod.Post, "/api/v1/items", officer.Token,
                LoadGenerator.EmergencyItem(Interlocked.Increment(ref number)), cancellationToken);
            if (status != HttpStatusCode.Created)
                return $"{(int)status} {item?["detail"]}";
            _receipts[item!["id"]!.GetValue<string>()] = DateTimeOffset.Parse(item["emergency"]!["receivedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }, cancellationToken);
    }

    /// <summary>Waits for stragglers, then receipt → stream arrival of every emergency; missing ones are counted.</summary>
    public async Task<(PhaseResult Latency, int Missing)> ResultAsync(TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline && _receipts.Keys.Any(id => !_arrivals.ContainsKey(id)))
            await Task.Delay(100);
        var latencies = _receipts
            .Where(receipt => _arrivals.ContainsKey(receipt.Key))
            .Select(receipt => (_arrivals[receipt.Key] - receipt.Value).TotalMilliseconds)
            .Order()
            .ToArray();
        var missing = _receipts.Count - latencies.Length;
        return (new PhaseResult(latencies.Length, missing, 0, LatencyRecorder.Percentile(latencies, 0.5), LatencyRecorder.Percentile(latencies, 0.99)), missing);
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _stream.Content.ReadAsStreamAsync(_stop.Token));
            string type = "message", data = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    var arrivedAt = DateTimeOffset.UtcNow;
                    if (type == "ready")
                        _ready.TrySetResult();
                    else if (type == "emergency" && JsonNode.Parse(data)?["id"]?.GetValue<string>() is { } id)
                        _arrivals.TryAdd(id, arrivedAt);
                    (type, data) = ("message", "");
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal)) data += line[5..].TrimStart();
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stream.Dispose();
        await _reading;
        _streamHttp.Dispose();
        _stop.Dispose();
    }
}
