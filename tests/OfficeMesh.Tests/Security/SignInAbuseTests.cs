using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Security;

/// <summary>Sign-in as an attacker would try it: huge names, password guessing, probing for accounts.</summary>
[Collection(SecurityServerCollection.Name)]
public sealed class SignInAbuseTests(SecurityServerFixture server)
{
    private const string Password = "a-good-password-2026";

    private async Task<string> AccountAsync()
    {
        var admin = await server.AdminAsync();
        var username = Unique.Code("user");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = Password, roles = new[] { "operator" } })).AssertStatus(HttpStatusCode.Created);
        return username;
    }

    [Fact]
    public async Task Huge_usernames_are_refused_at_once_and_leave_memory_flat()
    {
        const int Attempts = 100;
        // A round first, so the buffers the server and this client pool for bodies this size exist before measuring:
        // pools stay the same size however many requests follow, anything kept per request grows with their number.
        for (var i = 0; i < 20; i++)
        {
            (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = $"warm{i:D2}" + new string('q', 900_000), password = Password }))
                .AssertProblem(HttpStatusCode.BadRequest, "username");
        }
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Attempts; i++)
        {
            var username = i.ToString("D6") + new string('x', 900_000);
            (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password }))
                .AssertProblem(HttpStatusCode.BadRequest, "username");
        }
        clock.Stop();

        var after = GC.GetTotalMemory(forceFullCollection: true);
        // 100 names of 900,000 characters: kept anywhere (as grain keys, say), they would hold 180 MB as strings. The
        // bound leaves room for what other tests in this process allocate meanwhile (about 13 MB seen).
        Assert.True(after - before < 60_000_000, $"Memory grew by {(after - before) / 1_000_000.0:F1} MB.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{Attempts} refusals took {clock.Elapsed}.");
    }

    [Fact]
    public async Task The_sixth_attempt_after_five_wrong_passwords_is_locked_out_until_the_lock_ends()
    {
        var username = await AccountAsync();
        for (var i = 0; i < 5; i++)
            (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = $"wrong-password-{i}" })).AssertProblem(HttpStatusCode.Unauthorized);
        var lockedAt = Stopwatch.StartNew();

        var locked = await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password });
        locked.AssertProblem(HttpStatusCode.TooManyRequests);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), SecurityServerFixture.LockDuration + TimeSpan.FromSeconds(1));

        ApiResponse answer;
        do
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            answer = await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password });
        }
        while (answer.Status == HttpStatusCode.TooManyRequests && lockedAt.Elapsed < TimeSpan.FromSeconds(30));

        answer.AssertStatus(HttpStatusCode.OK);
        Assert.True(lockedAt.Elapsed >= SecurityServerFixture.LockDuration - TimeSpan.FromSeconds(1),
            $"The right password was accepted {lockedAt.Elapsed} after the lock, before it ended.");
    }

    [Fact]
    public async Task A_missing_account_takes_as_long_to_refuse_as_a_wrong_password()
    {
        var username = await AccountAsync();
        var wrong = new List<TimeSpan>();
        var missing = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            wrong.Add(await TimeSignInAsync(username, $"wrong-password-{i}"));
            missing.Add(await TimeSignInAsync(Unique.Code("nobody"), $"wrong-password-{i}"));
        }
        var wrongMedian = wrong.Order().ElementAt(2);
        var missingMedian = missing.Order().ElementAt(2);
        Assert.True(missingMedian >= wrongMedian * 0.4, $"A missing account was refused in {missingMedian.TotalMilliseconds:F0} ms, a wrong password in {wrongMedian.TotalMilliseconds:F0} ms.");
    }

    private async Task<TimeSpan> TimeSignInAsync(string username, string password)
    {
        var clock = Stopwatch.StartNew();
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password })).AssertProblem(HttpStatusCode.Unauthorized);
        return clock.Elapsed;
    }

    [Fact]
    public async Task A_disabled_accounts_token_stops_working_within_the_check_interval()
    {
        var admin = await server.AdminAsync();
        var username = await AccountAsync();
        var user = await server.Anonymous.SignInAsync(username, Password);
        // Used once, so the token is in the gateway's and the API's caches.
        (await user.GetAsync("/api/v1/units/no-such-unit")).AssertProblem(HttpStatusCode.NotFound);

        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{username}", new { disabled = true })).AssertStatus(HttpStatusCode.OK);
        var disabledAt = Stopwatch.StartNew();
        await UntilRefusedAsync(user, disabledAt);
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password })).AssertProblem(HttpStatusCode.Unauthorized);

        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{username}", new { disabled = false })).AssertStatus(HttpStatusCode.OK);
        await server.Anonymous.SignInAsync(username, Password);
    }

    [Fact]
    public async Task A_password_reset_ends_earlier_tokens_and_the_old_password()
    {
        var admin = await server.AdminAsync();
        var username = await AccountAsync();
        var user = await server.Anonymous.SignInAsync(username, Password);
        (await user.GetAsync("/api/v1/units/no-such-unit")).AssertProblem(HttpStatusCode.NotFound);

        (await admin.PostAsync($"/api/v1/accounts/{username}/password", new { newPassword = "a-new-password-2027" })).AssertStatus(HttpStatusCode.NoContent);
        var resetAt = Stopwatch.StartNew();
        await UntilRefusedAsync(user, resetAt);
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password })).AssertProblem(HttpStatusCode.Unauthorized);
        var renewed = await server.Anonymous.SignInAsync(username, "a-new-password-2027");
        (await renewed.GetAsync("/api/v1/units/no-such-unit")).AssertProblem(HttpStatusCode.NotFound);
    }

    /// <summary>Waits for the token to be refused, and asserts it was within the configured interval (plus a second for a loaded machine).</summary>
    private static async Task UntilRefusedAsync(ApiClient user, Stopwatch since)
    {
        while ((await user.GetAsync("/api/v1/units/no-such-unit")).Status != HttpStatusCode.Unauthorized)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(60), "The token still works after 60 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.True(since.Elapsed <= SecurityServerFixture.AccountCheckInterval + TimeSpan.FromSeconds(1),
            $"The token worked for {since.Elapsed}, longer than the account check interval {SecurityServerFixture.AccountCheckInterval}.");
    }

    [Fact]
    public async Task An_account_changes_its_own_password_with_the_current_one()
    {
        var username = await AccountAsync();
        var user = await server.Anonymous.SignInAsync(username, Password);
        (await user.PostAsync("/api/v1/auth/password", new { currentPassword = "not-my-password", newPassword = "my-own-new-password" }))
            .AssertProblem(HttpStatusCode.BadRequest, "currentPassword");
        (await user.PostAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = $"x-{username}-y" }))
            .AssertProblem(HttpStatusCode.BadRequest, "newPassword");
        (await user.PostAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "my-own-new-password" }))
            .AssertStatus(HttpStatusCode.NoContent);

        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = Password })).AssertProblem(HttpStatusCode.Unauthorized);
        await server.Anonymous.SignInAsync(username, "my-own-new-password");
    }
}
