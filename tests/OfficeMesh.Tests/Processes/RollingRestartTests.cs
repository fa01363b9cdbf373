using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// An upgrade during office hours, as an operator does it: three silos on PostgreSQL behind the gateway,
/// each in turn stopped with SIGTERM and started again on the same ports while townships submit and read.
/// Nobody notices: no failed request, nothing lost, nothing duplicated. And a freshly started cluster
/// takes the county's first units at once, without a 500.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class RollingRestartTests(PostgresServer postgres)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    /// <summary>Two of the gateway's active health checks (every 2 s): it sees a restarted silo before the next one stops.</summary>
    private static readonly TimeSpan BackInRotation = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Restarting_every_silo_in_turn_with_SIGTERM_fails_no_request_and_loses_nothing()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("rolling-restart"), siloCount: 3, Ready, cancellationToken: cancellation);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        var county = await CountySetup.CreateAsync(new ApiClient(http), ClusterProcesses.AdminPassword);
        // 8 clients: two per officer, each submitting with an Idempotency-Key and reading its item back.
        var stream = new SubmissionStream([county.Officer1, county.Officer2, county.Officer3, county.PoliceOfficer], workersPerOfficer: 2, readBack: true);

        var restartsDone = false;
        var running = stream.RunAsync(() => Volatile.Read(ref restartsDone), GiveUpAfter);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            for (var silo = 0; silo < cluster.Silos.Count; silo++)
            {
                var before = stream.Acknowledged.Count;
                var stopping = cluster.Silos[silo];
                var stopped = await stopping.TerminateAsync(StopWithin, cancellation);
                var drained = DrainedIn().Match(stopping.Output);
                output?.WriteLine($"silo {silo}: SIGTERM to exit {stopped.TotalSeconds:F1} s; " +
                    (drained.Success ? $"drained (readiness off, requests finished) in {drained.Groups[1].Value} s" : "no drain reported") +
                    $"; {stream.Acknowledged.Count - before} submissions acknowledged meanwhile.");
                Assert.True(drained.Success, $"Silo {silo} reported its drain on SIGTERM:\n{stopping.Output}");
                await stopping.DisposeAsync();

                var restarted = await cluster.Restart(silo).WaitUntilReadyAsync(Ready, cancellation);
                output?.WriteLine($"silo {silo}: ready again {restarted.TotalSeconds:F1} s after start.");
                await Task.Delay(BackInRotation, cancellation);
            }
        }
        finally
        {
            Volatile.Write(ref restartsDone, true);
            await running;
        }

        Assert.True(stream.Errors == 0, $"Callers saw {stream.Errors} failed requests:\n{stream.ErrorSample}\n{cluster.Diagnostics()}");
        await stream.AssertNothingLostOrDuplicatedAsync(officer => officer);
        output?.WriteLine($"3 silos restarted in turn with SIGTERM: {stream.Acknowledged.Count} submissions acknowledged and {stream.Reads} read back; 0 failed, 0 lost, 0 duplicated.");
    }

    [Fact]
    public async Task A_freshly_started_cluster_takes_a_county_at_once_without_a_500()
    {
        const int rounds = 3;
        var cancellation = TestContext.Current.CancellationToken;
        for (var round = 1; round <= rounds; round++)
        {
            await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync($"fresh-cluster-{round}"), siloCount: 3, Ready, cancellationToken: cancellation);
            using var http = new HttpClient { BaseAddress = cluster.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
            var admin = await new ApiClient(http).SignInAsync("admin", ClusterProcesses.AdminPassword);
            string province = Unique.Code("prov"), city = Unique.Code("city");
            var units = new List<object>
            {
                new { code = province, name = "浙江省委办", kind = "upper-office", level = "province" },
                new { code = city, name = "杭州市委办", kind = "upper-office", level = "city", parentCode = province },
            };
            // Two county offices under the same city, each with a township: the second county office was the one answered 500.
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var county = Unique.Code("county");
                units.Add(new { code = county, name = "县两办", kind = "county-office", parentCode = city });
                units.Add(new { code = Unique.Code("town"), name = "乡镇", kind = "township", parentCode = county });
            }

            var unavailable = 0;
            foreach (var unit in units)
            {
                var key = Guid.NewGuid().ToString("N");
                while (true)
                {
                    var created = await admin.PostAsync("/api/v1/units", unit, key);
                    if (created.Status == HttpStatusCode.Created)
                        break;
                    // A cluster still converging may ask the caller to come back (never a fault); the same key makes the retry safe.
                    Assert.True(created.Status == HttpStatusCode.ServiceUnavailable && created.Headers.RetryAfter is not null,
                        $"Round {round}: creating {unit} answered {(int)created.Status}: {created.Body}\n{cluster.Diagnostics()}");
                    Assert.True(++unavailable < 20, $"Round {round}: the cluster kept answering 503.\n{cluster.Diagnostics()}");
                    await Task.Delay(500, cancellation);
                }
            }
            var listed = (await admin.GetAsync("/api/v1/units")).AssertStatus(HttpStatusCode.OK).Body;
            Assert.All(units, unit => Assert.Contains((string)unit.GetType().GetProperty("code")!.GetValue(unit)!, listed));
            TestContext.Current.TestOutputHelper?.WriteLine($"Round {round}: {units.Count} units created at once on a fresh 3-silo cluster; {unavailable} answers of 503, no 500.");
        }
    }

    [GeneratedRegex(@"Drained in ([0-9.]+) s")]
    private static partial Regex DrainedIn();
}
