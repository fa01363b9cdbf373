using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>What this machine's PostgreSQL does on its own, measured beside OfficeMesh in the same run.</summary>
public sealed record PgbenchCeilings(double InsertTps, double InsertLatencyMs, double SelectTps, double SelectLatencyMs);

public static partial class Ceilings
{
    /// <summary>
    /// pgbench with 8 clients: one ~1 KB jsonb row inserted per transaction (durable commit each), and
    /// select-by-primary-key on pgbench's accounts table.
    /// </summary>
    public static async Task<PgbenchCeilings> MeasureAsync(ThrowawayPostgres postgres, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var database = await ThrowawayPostgres.CreateDatabaseAsync(postgres.ConnectionString, "ceiling");
        var databaseName = new NpgsqlConnectionStringBuilder(database).Database!;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE inserted_item (id bigserial PRIMARY KEY, document jsonb NOT NULL)", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var scriptDirectory = Directory.CreateTempSubdirectory("officemesh-pgbench-");
        try
        {
            var insertScript = Path.Combine(scriptDirectory.FullName, "insert.sql");
            var document = LoadGenerator.BodyText(new { title = "工作动态", body = string.Concat(Enumerable.Repeat("今日全镇开展防汛检查，落实责任到人。", 18)), topic = "focus", kind = "dynamic", unitCode = "county-0-t0" });
            await File.WriteAllTextAsync(insertScript, $"INSERT INTO inserted_item (document) VALUES ('{document.Replace("'", "''")}'::jsonb);\n", cancellationToken);
            var seconds = ((int)Math.Max(1, options.PgbenchDuration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var clients = BenchmarkOptions.PgbenchClients.ToString(CultureInfo.InvariantCulture);
            var timeout = options.PgbenchDuration + TimeSpan.FromMinutes(3);

            var insert = await postgres.RunClientAsync("pgbench", ["-n", "-c", clients, "-j", "2", "-T", seconds, "-f", insertScript, databaseName], timeout);
            await postgres.RunClientAsync("pgbench", ["-i", "-q", "-s", options.PgbenchSelectScale.ToString(CultureInfo.InvariantCulture), databaseName], timeout);
            var select = await postgres.RunClientAsync("pgbench", ["-n", "-S", "-c", clients, "-j", "2", "-T", seconds, databaseName], timeout);
            return new PgbenchCeilings(Tps(insert), AverageLatency(insert), Tps(select), AverageLatency(select));
        }
        finally
        {
            scriptDirectory.Delete(recursive: true);
        }
    }

    private static double Tps(string output) =>
        double.Parse(TpsLine().Match(output) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No tps in pgbench output:\n{output}"), CultureInfo.InvariantCulture);

    private static double AverageLatency(string output) =>
        LatencyLine().Match(output) is { Success: true } match ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();
}
