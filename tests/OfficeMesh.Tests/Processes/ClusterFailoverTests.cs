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
[Collection(ProcessCollection.Name)]
public sealed class ClusterFailoverTests(PostgresServer postgres)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);
    /// <summary>Starting a silo process is not what is measured here; a loaded machine may take long.</summary>
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_a_silo_loses_nothing_and_a_restarted_silo_rejoins()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("failover"), siloCount: 2, Ready, cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address, Timeout = TimeSpan.FromSeconds(5) };
        var admin = await new ApiClient(http).SignInAsync("admin", ClusterProcesses.AdminPassword);
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        var townships = Enumerable.Range(0, 20).Select(_ => Unique.Code("town")).ToList();
        foreach (var township in townships)
            (await admin.PostAsync("/api/v1/units", new { code = township, name = "乡镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);

        await cluster.Silos[0].KillAsync();
        var clock = Stopwatch.StartNew();
        while (!await AllReadableAsync(admin, townships))
        {
            Assert.True(clock.Elapsed < Recovery, $"Not every unit was served within {Recovery} of the kill.\n{cluster.Diagnostics()}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"Every unit served again {clock.Elapsed.TotalSeconds:F1} s after kill -9 of a silo.");

        // New grains may still be placed on the dead silo until the cluster declares it dead: a client retries
        // (with the same key) through 503s and connection errors, and the create lands exactly once.
        var afterKill = Unique.Code("town");
        var key = Guid.NewGuid().ToString();
        while (true)
        {
            var created = await TryAsync(() => admin.PostAsync("/api/v1/units", new { code = afterKill, name = "乡镇", kind = "township", parentCode = county }, key));
            if (created?.Status == HttpStatusCode.Created)
                break;
            Assert.True(created is null || created.Status == HttpStatusCode.ServiceUnavailable, $"Unexpected answer while failing over: {created?.Status} {created?.Body}");
            Assert.True(clock.Elapsed < Recovery, $"No unit could be created within {Recovery} of the kill.\n{cluster.Diagnostics()}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        townships.Add(afterKill);

        var restarted = cluster.Restart(0);
        await restarted.WaitUntilReadyAsync(Ready, TestContext.Current.CancellationToken);
        // The restarted silo serves the whole directory itself, not only what it had before (asked directly, as the gateway would).
        using var directHttp = cluster.SiloClient(0);
        var direct = new ApiClient(directHttp, admin.Token);
        foreach (var township in townships)
            (await direct.GetAsync($"/api/v1/units/{township}")).AssertStatus(HttpStatusCode.OK);
        Assert.True(await AllReadableAsync(admin, townships), "Every unit is served through the gateway with both silos up.");
    }

    private static async Task<ApiResponse?> TryAsync(Func<Task<ApiResponse>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> AllReadableAsync(ApiClient client, IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            try
            {
                if ((await client.GetAsync($"/api/v1/units/{code}")).Status != HttpStatusCode.OK)
                    return false;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return true;
    }
}
