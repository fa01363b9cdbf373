using System.Net;
using System.Text.RegularExpressions;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>The all-in-one role as a user runs it: a process on embedded storage, killed and started again.</summary>
[Collection(ProcessCollection.Name)]
public sealed partial class EmbeddedRestartTests
{
    [GeneratedRegex(@"Username: admin\s+Password: (\S+)")]
    private static partial Regex GeneratedPassword();

    [Fact]
    public async Task What_was_acknowledged_survives_kill_9_and_the_first_admin_password_is_printed_once()
    {
        using var data = new TemporaryDataDirectory();
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__DataDirectory"] = data.Path,
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
        };

        string password, tokenBefore, county = Unique.Code("county"), township = Unique.Code("town");
        await using (var first = ServerProcess.Start(port, environment))
        {
            var ready = await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.True(ready < TimeSpan.FromSeconds(30));
            password = GeneratedPassword().Match(first.Output) is { Success: true } match
                ? match.Groups[1].Value
                : throw new Xunit.Sdk.XunitException($"No generated admin password was printed:\n{first.Output}");

            using var http = new HttpClient { BaseAddress = first.Address };
            var admin = await new ApiClient(http).SignInAsync("admin", password);
            tokenBefore = admin.Token!;
            (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
            (await admin.PostAsync("/api/v1/units", new { code = township, name = "千岛湖镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);
            (await admin.PostAsync("/api/v1/accounts", new { username = township, password = "officer-password-1", unitCode = township, roles = new[] { "unit-officer" } }))
                .AssertStatus(HttpStatusCode.Created);

            await first.KillAsync();
        }

        await using var second = ServerProcess.Start(port, environment);
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.DoesNotMatch(GeneratedPassword(), second.Output);

        using var client = new HttpClient { BaseAddress = second.Address };
        var anonymous = new ApiClient(client);
        var officer = await anonymous.SignInAsync(township, "officer-password-1");
        var unit = (await officer.GetAsync($"/api/v1/units/{township}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(county, unit["parentCode"]!.GetValue<string>());
        // The signing key is kept in the data directory, so a token from before the crash still works.
        (await anonymous.As(tokenBefore).GetAsync($"/api/v1/units/{county}")).AssertStatus(HttpStatusCode.OK);
        await anonymous.SignInAsync("admin", password);
    }
}
