using System.Net;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>The gateway's per-account limit, on a server of its own with a small limit.</summary>
public sealed class RateLimitTests
{
    private const int Burst = 20;

    [Fact]
    public async Task An_account_sending_too_fast_gets_429_while_others_are_served()
    {
        using var data = new TemporaryDataDirectory();
        await using var server = await EmbeddedServerFixture.StartInProcessAsync("rate-limit-admin",
            [$"--OfficeMesh:Storage:DataDirectory={data.Path}", "--OfficeMesh:Gateway:RequestsPerSecond=5", $"--OfficeMesh:Gateway:Burst={Burst}"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var anonymous = new ApiClient(http);
        var admin = await anonymous.SignInAsync("admin", "rate-limit-admin");
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/accounts", new { username = "flooder", password = "a-password-of-the-flood", unitCode = county, roles = new[] { "unit-officer" } }))
            .AssertStatus(HttpStatusCode.Created);
        var flooding = await anonymous.SignInAsync("flooder", "a-password-of-the-flood");

        var responses = await Task.WhenAll(Enumerable.Range(0, Burst * 3).Select(_ => flooding.GetAsync($"/api/v1/units/{county}")));

        var limited = responses.Where(response => response.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        var problem = limited[0].AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal("请求过于频繁", problem["title"]!.GetValue<string>());
        Assert.Equal("请求过于频繁，请稍后再试", problem["detail"]!.GetValue<string>());
        Assert.True(limited[0].Headers.RetryAfter is not null, "A 429 says when to retry.");
        Assert.Contains(responses, response => response.Status == HttpStatusCode.OK);
        (await admin.GetAsync($"/api/v1/units/{county}")).AssertStatus(HttpStatusCode.OK);

        var english = (await Task.WhenAll(Enumerable.Range(0, Burst * 2).Select(_ => flooding.Accepting("en").GetAsync($"/api/v1/units/{county}"))))
            .First(response => response.Status == HttpStatusCode.TooManyRequests).AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", english["title"]!.GetValue<string>());
    }
}
