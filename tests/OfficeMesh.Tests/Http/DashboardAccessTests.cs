using System.Net;
using System.Net.Http.Headers;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>
/// The Orleans Dashboard through the gateway: operators watch the cluster, but any grain's stored state
/// (secret items included) and the silo's live log are for admins only.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class DashboardAccessTests(EmbeddedServerFixture server)
{
    private const string GrainStatePath = "/dashboard/GrainState?grainType=OfficeMesh.Grains.Directory.UnitGrain&grainId=anything";

    [Fact]
    public async Task An_operator_sees_the_cluster_but_not_grain_state_or_the_log()
    {
        var admin = await server.AdminAsync();
        var username = Unique.Code("operator");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = "operator-password-1", roles = new[] { "operator" } }))
            .AssertStatus(HttpStatusCode.Created);
        var @operator = await server.Anonymous.SignInAsync(username, "operator-password-1");

        (await @operator.GetAsync("/dashboard/ClusterStats")).AssertStatus(HttpStatusCode.OK);
        (await @operator.GetAsync(GrainStatePath)).AssertStatus(HttpStatusCode.Forbidden);
        (await @operator.GetAsync("/dashboard/grainstate?grainType=x&grainId=y")).AssertStatus(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, await LogStreamStatusAsync(@operator.Token!));
    }

    [Fact]
    public async Task An_admin_reads_grain_state_and_the_log()
    {
        var admin = await server.AdminAsync();
        (await admin.GetAsync("/dashboard/ClusterStats")).AssertStatus(HttpStatusCode.OK);
        (await admin.GetAsync(GrainStatePath)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, await LogStreamStatusAsync(admin.Token!));
    }

    /// <summary>The log is a stream that stays open for an hour: only its status line is read.</summary>
    private async Task<HttpStatusCode> LogStreamStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/Trace");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Anonymous.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
