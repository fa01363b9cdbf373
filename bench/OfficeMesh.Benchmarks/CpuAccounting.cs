using System.Globalization;

namespace OfficeMesh.Benchmarks;

/// <summary>CPU time a phase cost each part of the machine, per 1,000 requests: where the cores went.</summary>
public sealed record CpuBreakdown(double LoadGenerator, double Gateway, double Silos, double Postgres, double MachineBusyShare)
{
    public double Total => LoadGenerator + Gateway + Silos + Postgres;
}

/// <summary>
/// Reads user+system CPU time from /proc for the load generator (this process), the gateway, the silos and every
/// PostgreSQL process, before and after a phase. Linux only, like the rest of the benchmark.
/// </summary>
public sealed class CpuAccounting
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux for /proc's tick fields
    private readonly int? _gateway;
    private readonly IReadOnlyList<int> _silos;
    private readonly (double Load, double Gateway, double Silos, double Postgres, double Busy, double All) _start;

    private CpuAccounting(int? gateway, IReadOnlyList<int> silos)
    {
        (_gateway, _silos) = (gateway, silos);
        _start = Sample();
    }

    public static CpuAccounting Start(Setup setup) => new(setup.GatewayProcessId, setup.Silos.Select(silo => silo.ProcessId).ToList());

    /// <summary>Milliseconds of CPU per 1,000 completed requests, by part, since <see cref="Start"/>.</summary>
    public CpuBreakdown PerThousand(int requests)
    {
        var end = Sample();
        var scale = requests == 0 ? 0 : 1_000_000.0 / requests; // seconds per request → ms per 1,000 requests
        var all = end.All - _start.All;
        return new CpuBreakdown(
            (end.Load - _start.Load) * scale,
            (end.Gateway - _start.Gateway) * scale,
            (end.Silos - _start.Silos) * scale,
            (end.Postgres - _start.Postgres) * scale,
            all <= 0 ? 0 : (end.Busy - _start.Busy) / all);
    }

    private (double Load, double Gateway, double Silos, double Postgres, double Busy, double All) Sample()
    {
        var postgres = Directory.EnumerateDirectories("/proc")
            .Select(path => int.TryParse(Path.GetFileName(path), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Comm(pid) == "postgres")
            .Sum(ProcessSeconds);
        var (busy, all) = MachineSeconds();
        return (ProcessSeconds(Environment.ProcessId), _gateway is { } gateway ? ProcessSeconds(gateway) : 0, _silos.Sum(ProcessSeconds), postgres, busy, all);
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/pid/stat, counted after the command name).</summary>
    private static double ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return 0; // the process ended between listing and reading
        }
    }

    /// <summary>Busy and total CPU seconds of the whole machine, from the first line of /proc/stat.</summary>
    private static (double Busy, double All) MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var all = fields.Take(8).Sum();
        return ((all - idle) / TicksPerSecond, all / TicksPerSecond);
    }
}
