using System.Collections.Concurrent;

namespace OfficeMesh.Benchmarks;

/// <summary>Latencies (ms) and errors of one phase, collected from many workers.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentBag<List<double>> _perWorker = [];
    private readonly ConcurrentDictionary<string, int> _errorKinds = new();
    private int _errors;

    public int Errors => _errors;

    /// <summary>A list owned by one worker, so recording never contends.</summary>
    public List<double> ForWorker()
    {
        var samples = new List<double>(4096);
        _perWorker.Add(samples);
        return samples;
    }

    /// <summary>Counts a failed request by its kind (status code or exception), so a report can say what went wrong.</summary>
    public void Error(string kind)
    {
        Interlocked.Increment(ref _errors);
        _errorKinds.AddOrUpdate(kind, 1, (_, count) => count + 1);
    }

    public PhaseResult Summarise(TimeSpan elapsed)
    {
        var all = _perWorker.SelectMany(samples => samples).ToArray();
        Array.Sort(all);
        return new PhaseResult(all.Length, _errors, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99))
        {
            MeanMs = all.Length == 0 ? double.NaN : all.Average(),
            ErrorKinds = string.Join(", ", _errorKinds.OrderByDescending(kind => kind.Value).Select(kind => $"{kind.Key} ×{kind.Value}")),
        };
    }

    public static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}

/// <summary>What a phase achieved: successful requests, errors, rate and latency percentiles in milliseconds.</summary>
public sealed record PhaseResult(int Count, int Errors, double PerSecond, double P50Ms, double P99Ms)
{
    public string ErrorKinds { get; init; } = "";

    public double MeanMs { get; init; } = double.NaN;

    public static readonly PhaseResult Empty = new(0, 0, 0, double.NaN, double.NaN);
}
