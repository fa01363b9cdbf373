using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// The clustered deployment as real processes: two silos on one PostgreSQL database behind one gateway.
/// One silo is killed with kill -9; the gateway must serve every unit again within 30 s, lose nothing,
/// and take the silo back when it restarts.
/// </summary>
public sealed class ClusterFailoverTests(PostgresServer postgres)
{
    private const string AdminPassword = "cluster-admin-password";
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_a_silo_loses_nothing_and_a_restarted_silo_rejoins()
    {
        var connectionString = await postgres.CreateDatabaseAsync("failover");
        var shared = new Dictionary<string, string>
        {
            ["OfficeMesh__Storage__Provider"] = "postgres",
            ["ConnectionStrings__OfficeMesh"] = connectionString,
            ["OfficeMesh__Auth__SigningKey"] = "a-signing-key-shared-by-every-process-of-this-cluster",
            ["OfficeMesh__Bootstrap__AdminPassword"] = AdminPassword,
            ["OfficeMesh__Cluster__ClusterId"] = $"failover-{Guid.NewGuid():N}",
            ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
        };
        var siloA = SiloSettings(shared);
        var siloB = SiloSettings(shared);
        var (portA, portB, gatewayPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var gatewaySettings = new Dictionary<string, string>(shared)
        {
            ["OfficeMesh__Role"] = "gateway",
            ["ReverseProxy__Clusters__silos__Destinations__a__Address"] = $"http://127.0.0.1:{portA}/",
            ["ReverseProxy__Clusters__silos__Destinations__b__Address"] = $"http://127.0.0.1:{portB}/",
        };

        var a = ServerProcess.Start(portA, siloA);
        await using var b = ServerProcess.Start(portB, siloB);
        await using var gateway = ServerProcess.Start(gatewayPort, gatewaySettings);
        try
        {
            await Task.WhenAll(a.WaitUntilReadyAsync(Recovery), b.WaitUntilReadyAsync(Recovery), gateway.WaitUntilReadyAsync(Recovery));

            using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(5) };
            var admin = await new ApiClient(http).SignInAsync("admin", AdminPassword);
            var county = Unique.Code("county");
            (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
            var townships = Enumerable.Range(0, 20).Select(_ => Unique.Code("town")).ToList();
            foreach (var township in townships)
                (await admin.PostAsync("/api/v1/units", new { code = township, name = "乡镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);

            await a.KillAsync();
            var clock = Stopwatch.StartNew();
            while (!await AllReadableAsync(admin, townships))
            {
                Assert.True(clock.Elapsed < Recovery, $"Not every unit was served within {Recovery} of the kill.\nSilo B:\n{b.Output}\nGateway:\n{gateway.Output}");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"Every unit served again {clock.Elapsed.TotalSeconds:F1} s after kill -9 of a silo.");

            var afterKill = Unique.Code("town");
            (await admin.PostAsync("/api/v1/units", new { code = afterKill, name = "乡镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);
            townships.Add(afterKill);

            await using var restarted = ServerProcess.Start(portA, siloA);
            await restarted.WaitUntilReadyAsync(Recovery);
            // The restarted silo serves the whole directory itself, not only what it had before.
            var direct = new ApiClient(new HttpClient { BaseAddress = restarted.Address }, admin.Token);
            foreach (var township in townships)
                (await direct.GetAsync($"/api/v1/units/{township}")).AssertStatus(HttpStatusCode.OK);
            Assert.True(await AllReadableAsync(admin, townships), "Every unit is served through the gateway with both silos up.");
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    private static Dictionary<string, string> SiloSettings(Dictionary<string, string> shared) => new(shared)
    {
        ["OfficeMesh__Role"] = "silo",
        ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
        ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
    };

    private static async Task<bool> AllReadableAsync(ApiClient client, IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            try
            {
                if ((await client.GetAsync($"/api/v1/units/{code}")).Status != HttpStatusCode.OK)
                    return false;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return true;
    }
}
