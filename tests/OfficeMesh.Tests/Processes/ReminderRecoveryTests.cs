using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// Urging survives the system being down: with Orleans reminders on PostgreSQL, a case whose deadline
/// passes while the silo is killed is urged as soon as the silo is back; and a deadline passing while
/// it runs is urged by the reminder alone.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ReminderRecoveryTests(PostgresServer postgres)
{
    private const string AdminPassword = "reminder-admin-password";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_case_due_while_the_silo_is_down_is_urged_within_a_minute_of_its_return()
    {
        var connectionString = await postgres.CreateDatabaseAsync("reminders");
        var port = FreePort.Next();
        var settings = new Dictionary<string, string>
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__Provider"] = "postgres",
            ["ConnectionStrings__OfficeMesh"] = connectionString,
            ["OfficeMesh__Auth__SigningKey"] = TestSigningKeys.Random(),
            ["OfficeMesh__Bootstrap__AdminPassword"] = AdminPassword,
            ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Supervision__ReminderPeriod"] = ReminderPeriod.ToString(),
        };

        CountySetup county;
        string caseId;
        DateTimeOffset dueAt;
        await using (var first = ServerProcess.Start(port, settings))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            using var http = new HttpClient { BaseAddress = first.Address };
            county = await CountySetup.CreateAsync(new ApiClient(http), AdminPassword);
            dueAt = DateTimeOffset.UtcNow.AddSeconds(8);
            caseId = (await county.Supervisor.PostAsync("/api/v1/cases", new { title = "限时督办", description = "8秒内办结", source = "assigned", leadUnit = county.Town1, dueAt }))
                .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
            await first.KillAsync();
        }

        var untilDue = dueAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (untilDue > TimeSpan.Zero)
            await Task.Delay(untilDue, TestContext.Current.CancellationToken);

        await using var second = ServerProcess.Start(port, settings);
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var back = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = second.Address };
        var officer = new ApiClient(client, county.Officer1.Token);
        while (!await HasOverdueUrgingAsync(officer, caseId))
        {
            Assert.True(back.Elapsed < TimeSpan.FromMinutes(1), $"No overdue urging within a minute of the silo's return.\n{second.Output}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"Urged {back.Elapsed.TotalSeconds:F1} s after the silo was ready again.");

        // While running, the reminder alone urges a deadline as it passes.
        var supervisor = new ApiClient(client, county.Supervisor.Token);
        var running = (await supervisor.PostAsync("/api/v1/cases", new { title = "运行中到期", description = "到期催办", source = "assigned", leadUnit = county.Town2, dueAt = DateTimeOffset.UtcNow.AddSeconds(4) }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var watching = Stopwatch.StartNew();
        var officer2 = new ApiClient(client, county.Officer2.Token);
        while (!await HasOverdueUrgingAsync(officer2, running))
        {
            Assert.True(watching.Elapsed < TimeSpan.FromSeconds(4) + ReminderPeriod * 4, $"The reminder did not urge the passing deadline.\n{second.Output}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<bool> HasOverdueUrgingAsync(ApiClient officer, string caseId)
    {
        var inbox = (await officer.GetAsync("/api/v1/inbox")).AssertStatus(HttpStatusCode.OK).Json!;
        return inbox["items"]!.AsArray().Any(entry => entry!["type"]!.GetValue<string>() == "urging"
            && entry["id"]!.GetValue<string>().StartsWith(caseId + "/", StringComparison.Ordinal)
            && entry["detail"]!.GetValue<string>().StartsWith("overdue", StringComparison.Ordinal));
    }
}
