using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// A steady stream of item submissions from several officers, each with its own Idempotency-Key,
/// retried with the same key until acknowledged, as a township's system would. Records every
/// acknowledgement and when callers saw errors (and which).
/// </summary>
/// <param name="readBack">Each officer also reads every acknowledged item back at once, as a township's system showing it would.</param>
public sealed class SubmissionStream(IReadOnlyList<ApiClient> officers, int workersPerOfficer, bool readBack = false)
{
    private readonly ConcurrentQueue<string> _errorDescriptions = new();

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentQueue<DateTimeOffset> _errors = new();
    private readonly Stopwatch _clock = new();

    /// <summary>Idempotency key → the item id the service acknowledged, per officer.</summary>
    public ConcurrentDictionary<(ApiClient Officer, string Key), string> Acknowledged { get; } = new();

    public int Errors => _errors.Count;

    /// <summary>What callers saw instead of an answer, the first few.</summary>
    public string ErrorSample => string.Join("\n", _errorDescriptions.Take(10));

    /// <summary>Reads that were answered.</summary>
    public int Reads => _reads;

    private int _reads;

    /// <summary>From the first to the last error callers saw (zero if none).</summary>
    public TimeSpan ErrorWindow => _errors.IsEmpty ? TimeSpan.Zero : _errors.Max() - _errors.Min();

    /// <summary>Submits until <paramref name="stopAt"/> says stop; a submission under way is retried until acknowledged or <paramref name="giveUpAfter"/>.</summary>
    public Task RunAsync(Func<bool> stopAt, TimeSpan giveUpAfter)
    {
        _clock.Start();
        var workers = officers.SelectMany(officer => Enumerable.Range(0, workersPerOfficer).Select(_ => WorkAsync(officer, stopAt, giveUpAfter)));
        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(ApiClient officer, Func<bool> stop, TimeSpan giveUpAfter)
    {
        var number = 0;
        while (!stop())
        {
            var key = Guid.NewGuid().ToString("N");
            var body = new { title = $"流水信息 {number++}", body = "持续报送", topic = "focus", kind = "dynamic" };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                Assert.True(deadline.Elapsed < giveUpAfter, $"A submission was not acknowledged within {giveUpAfter}.");
                try
                {
                    var response = await officer.PostAsync("/api/v1/items", body, key);
                    // A 201 whose body did not arrive whole (the connection died under it) is no answer: retried with the same key.
                    if (response.Status == HttpStatusCode.Created && response.Json?["id"]?.GetValue<string>() is { } id)
                    {
                        Acknowledged[(officer, key)] = id;
                        if (readBack)
                            await ReadBackAsync(officer, id);
                        break;
                    }
                    _errorDescriptions.Enqueue($"POST {(int)response.Status}: {response.Body}");
                    Assert.True(response.Status == HttpStatusCode.Created || (int)response.Status >= 500 || response.Status is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests,
                        $"Unexpected {(int)response.Status}: {response.Body}");
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    _errorDescriptions.Enqueue($"POST: {error.GetType().Name} {error.Message}");
                }
                _errors.Enqueue(DateTimeOffset.UtcNow);
                await Task.Delay(RetryDelay);
            }
        }
    }

    private async Task ReadBackAsync(ApiClient officer, string id)
    {
        try
        {
            var read = await officer.GetAsync($"/api/v1/items/{id}");
            if (read.Status == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _reads);
                return;
            }
            _errorDescriptions.Enqueue($"GET {(int)read.Status}: {read.Body}");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            _errorDescriptions.Enqueue($"GET: {error.GetType().Name} {error.Message}");
        }
        _errors.Enqueue(DateTimeOffset.UtcNow);
    }

    /// <summary>Every acknowledged item is readable, and each officer's unit holds exactly one item per key.</summary>
    public async Task AssertNothingLostOrDuplicatedAsync(Func<ApiClient, ApiClient> through)
    {
        // Eight readers at once, as the stream's own clients were: thousands of reads one by one took a minute.
        await Parallel.ForEachAsync(Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, _) =>
            (await through(entry.Key.Officer).GetAsync($"/api/v1/items/{entry.Value}")).AssertStatus(HttpStatusCode.OK));

        foreach (var officer in officers)
        {
            var expected = Acknowledged.Where(entry => entry.Key.Officer == officer).Select(entry => entry.Value).ToHashSet();
            var listed = new List<string>();
            string? cursor = null;
            do
            {
                var page = (await through(officer).GetAsync($"/api/v1/items?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}")).AssertStatus(HttpStatusCode.OK).Json!;
                listed.AddRange(page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            Assert.Equal(expected.Count, listed.Count);
            Assert.True(expected.SetEquals(listed), "The unit's list holds exactly the acknowledged items.");
        }
    }
}
