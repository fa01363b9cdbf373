using System.Diagnostics;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// kill -9 in the middle of a steady stream of submissions: every acknowledged submission is readable
/// afterwards and none is duplicated. Reports how long callers saw errors.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FailoverUnderLoadTests(PostgresServer postgres)
{
    /// <summary>Starting a process is not what is measured here; a loaded machine may take long.</summary>
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ClusterReady = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(45);
    private const int WorkersPerOfficer = 2;

    [Fact]
    public async Task Three_silos_on_postgres_lose_no_acknowledged_submission_when_one_is_killed()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("load-failover"), siloCount: 3, ClusterReady, cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address, Timeout = TimeSpan.FromSeconds(10) };
        var county = await CountySetup.CreateAsync(new ApiClient(http), ClusterProcesses.AdminPassword);
        var stream = new SubmissionStream([county.Officer1, county.Officer2, county.Officer3, county.PoliceOfficer], WorkersPerOfficer);

        var clock = Stopwatch.StartNew();
        var running = stream.RunAsync(() => clock.Elapsed > TimeSpan.FromSeconds(20), GiveUpAfter);
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var beforeKill = stream.Acknowledged.Count;
        await cluster.Silos[1].KillAsync();
        await running;

        Assert.True(stream.Acknowledged.Count > beforeKill, "Submissions went on being acknowledged after the kill.");
        await stream.AssertNothingLostOrDuplicatedAsync(officer => officer);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"3 silos, kill -9 of one: {stream.Acknowledged.Count} acknowledged, 0 lost, 0 duplicated; callers saw {stream.Errors} errors over {stream.ErrorWindow.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task The_embedded_role_loses_no_acknowledged_submission_when_killed_during_writes()
    {
        using var data = new TemporaryDataDirectory();
        var port = FreePort.Next();
        var settings = new Dictionary<string, string>
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__DataDirectory"] = data.Path,
            ["OfficeMesh__Bootstrap__AdminPassword"] = "embedded-admin-password",
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Gateway__RequestsPerSecond"] = "100000",
            ["OfficeMesh__Gateway__Burst"] = "100000",
        };
        var server = ServerProcess.Start(port, settings);
        try
        {
            await server.WaitUntilReadyAsync(Ready, TestContext.Current.CancellationToken);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
            var county = await CountySetup.CreateAsync(new ApiClient(http), "embedded-admin-password");
            var stream = new SubmissionStream([county.Officer1, county.Officer2, county.PoliceOfficer], WorkersPerOfficer);

            var clock = Stopwatch.StartNew();
            var running = stream.RunAsync(() => clock.Elapsed > TimeSpan.FromSeconds(15), GiveUpAfter);
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            var beforeKill = stream.Acknowledged.Count;
            await server.KillAsync();
            await server.DisposeAsync();
            server = ServerProcess.Start(port, settings);
            await server.WaitUntilReadyAsync(Ready, TestContext.Current.CancellationToken);
            await running;

            Assert.True(beforeKill > 0 && stream.Acknowledged.Count > beforeKill, "Submissions were acknowledged before the kill and after the restart.");
            await stream.AssertNothingLostOrDuplicatedAsync(officer => officer);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Embedded, kill -9 and restart: {stream.Acknowledged.Count} acknowledged, 0 lost, 0 duplicated; callers saw errors over {stream.ErrorWindow.TotalSeconds:F1} s.");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
