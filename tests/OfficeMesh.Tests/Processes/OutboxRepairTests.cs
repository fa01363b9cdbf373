using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// kill -9 of the only silo (PostgreSQL, behind the gateway) in a steady stream of submissions: items stored whose
/// delivery to the list had not happened or not been stored yet are listed, each once, within 5 s of the silo
/// answering again; and the stream's every acknowledged item within 5 s of the last acknowledgement.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class OutboxRepairTests(PostgresServer postgres)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ListedWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Items_stored_but_not_yet_listed_when_the_silo_dies_are_listed_within_5_s()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("outbox-repair"), siloCount: 1, Ready, cancellationToken: cancellation);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address, Timeout = TimeSpan.FromSeconds(10) };
        var county = await CountySetup.CreateAsync(new ApiClient(http), ClusterProcesses.AdminPassword);
        ApiClient[] officers = [county.Officer1, county.Officer2];
        var stream = new SubmissionStream(officers, workersPerOfficer: 4);
        var stop = false;
        var running = stream.RunAsync(() => Volatile.Read(ref stop), TimeSpan.FromSeconds(150));

        // Under a stream of submissions some items are always between their write and the list's stored copy.
        var started = Stopwatch.StartNew();
        while (stream.Acknowledged.Count < 20 && started.Elapsed < Ready)
            await Task.Delay(100, cancellation);
        await cluster.Silos[0].KillAsync();
        var acknowledgedBeforeKill = stream.Acknowledged.ToArray();
        Assert.NotEmpty(acknowledgedBeforeKill);
        await cluster.Restart(0).WaitUntilReadyAsync(Ready, cancellation);

        await AssertListedWithinAsync(officers, acknowledgedBeforeKill, exactly: false, cancellation);
        Volatile.Write(ref stop, true);
        await running;
        await AssertListedWithinAsync(officers, stream.Acknowledged.ToArray(), exactly: true, cancellation);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{acknowledgedBeforeKill.Length} acknowledged before kill -9, {stream.Acknowledged.Count} in all; callers saw {stream.Errors} errors over {stream.ErrorWindow.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// Every item of <paramref name="acknowledged"/> is in its officer's list once (and, <paramref name="exactly"/>, nothing
    /// else), within 5 s of the list's first answer.
    /// </summary>
    private static async Task AssertListedWithinAsync(ApiClient[] officers, KeyValuePair<(ApiClient Officer, string Key), string>[] acknowledged,
        bool exactly, CancellationToken cancellation)
    {
        Stopwatch? clock = null;
        var missing = "";
        while (clock is null || clock.Elapsed < ListedWithin)
        {
            var complete = true;
            foreach (var officer in officers)
            {
                var listed = await ListAsync(officer);
                if (listed is null)
                {
                    complete = false;
                    break;
                }
                clock ??= Stopwatch.StartNew();
                Assert.Equal(listed.Count, listed.Distinct().Count());
                var expected = acknowledged.Where(entry => entry.Key.Officer == officer).Select(entry => entry.Value).ToHashSet();
                var absent = expected.Except(listed).ToList();
                var extra = listed.Except(expected).ToList();
                if (absent.Count > 0 || (exactly && extra.Count > 0))
                {
                    complete = false;
                    missing = $"{absent.Count} acknowledged items not listed, {extra.Count} listed that were never acknowledged";
                }
            }
            if (complete)
                return;
            await Task.Delay(200, cancellation);
        }
        Assert.Fail($"The lists were not complete within {ListedWithin} of answering: {missing}.");
    }

    /// <summary>The officer's whole list, or null while the service does not answer.</summary>
    private static async Task<List<string>?> ListAsync(ApiClient officer)
    {
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            ApiResponse page;
            try
            {
                page = await officer.GetAsync($"/api/v1/items?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
            if (page.Status != HttpStatusCode.OK)
                return null;
            listed.AddRange(page.Json!["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
            cursor = page.Json!["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return listed;
    }
}
