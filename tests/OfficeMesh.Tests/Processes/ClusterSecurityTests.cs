using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;
using OfficeMesh.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Hosting;
using Xunit;

namespace OfficeMesh.Tests.Processes;

/// <summary>
/// The cluster trusts only itself: a clustered silo's Orleans ports and HTTP port answer only peers holding
/// a certificate from the cluster's authority, so the gateway's token check, rate limit and body cap are
/// the only way in. Each test also shows that the door works for a peer with the certificate, so the
/// refusals are the certificate's doing.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ClusterSecurityTests(PostgresServer postgres)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_Orleans_client_without_the_cluster_certificate_cannot_call_a_grain()
    {
        var gatewayPort = FreePort.Next();
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("orleans-door"), siloCount: 1, Ready,
            new Dictionary<string, string> { ["OfficeMesh__Cluster__GatewayPort"] = gatewayPort.ToString() }, TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address };
        var admin = await new ApiClient(http).SignInAsync("admin", ClusterProcesses.AdminPassword);
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);

        // The two strangers try at once: each refusal can take its full 30 s.
        using var strangers = ClusterCertificates.Create("Somebody else's CA");
        var plain = ReadUnitAsOrleansClientAsync(cluster, gatewayPort, county, _ => { });
        var impostor = ReadUnitAsOrleansClientAsync(cluster, gatewayPort, county,
            client => client.UseTls(strangers.Node, tls => tls.AllowAnyRemoteCertificate()));
        Assert.True((await plain).Refused, $"A plain Orleans client read unit {county} through the silo's client port.");
        Assert.True((await impostor).Refused, $"A client with a certificate from another authority read unit {county}.");

        var member = await ReadUnitAsOrleansClientAsync(cluster, gatewayPort, county,
            client => client.UseTls(cluster.Certificates.Node, tls => tls.RemoteCertificateValidation = (certificate, _, _) => cluster.Certificates.IsIssued(certificate)));
        Assert.False(member.Refused, $"A client with the cluster's certificate could not read the unit: {member.Error}\n{cluster.Diagnostics()}");
    }

    [Fact]
    public async Task A_silo_answers_the_gateway_but_not_a_caller_going_around_it()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync("http-door"), siloCount: 1, Ready,
            cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.Address };
        var admin = await new ApiClient(http).SignInAsync("admin", ClusterProcesses.AdminPassword);
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        var unitPath = $"/api/v1/units/{county}";
        (await admin.GetAsync(unitPath)).AssertStatus(HttpStatusCode.OK);

        var silo = cluster.Silos[0].Address;
        var plainHttp = new UriBuilder(silo) { Scheme = "http" }.Uri;
        using var strangers = ClusterCertificates.Create("Somebody else's CA");
        foreach (var path in new[] { unitPath, "/metrics" })
        {
            Assert.Null(await SuccessfulAnswerAsync(new Uri(plainHttp, path), admin.Token!, clientCertificate: null));
            Assert.Null(await SuccessfulAnswerAsync(new Uri(silo, path), admin.Token!, clientCertificate: null));
            Assert.Null(await SuccessfulAnswerAsync(new Uri(silo, path), admin.Token!, strangers));
        }

        // Probes ask the plain health port, which answers them and nothing else.
        using var probe = new HttpClient { BaseAddress = cluster.SiloHealthAddress(0) };
        (await new ApiClient(probe).GetAsync("/health/ready")).AssertStatus(HttpStatusCode.OK);
        (await new ApiClient(probe).GetAsync("/health/live")).AssertStatus(HttpStatusCode.OK);
        (await new ApiClient(probe, admin.Token).GetAsync(unitPath)).AssertStatus(HttpStatusCode.NotFound);
        (await new ApiClient(probe).GetAsync("/metrics")).AssertStatus(HttpStatusCode.NotFound);

        // The gateway, and Prometheus, present the cluster's certificate.
        using var member = cluster.SiloClient(0);
        (await new ApiClient(member, admin.Token).GetAsync(unitPath)).AssertStatus(HttpStatusCode.OK);
        (await new ApiClient(member).GetAsync("/metrics")).AssertStatus(HttpStatusCode.OK);
    }

    /// <summary>Asks with the admin's own token: what stops the caller is the door, not the token.</summary>
    private static async Task<string?> SuccessfulAnswerAsync(Uri address, string token, ClusterCertificates? clientCertificate)
    {
        using var handler = clientCertificate?.CreateHandler() ?? new SocketsHttpHandler();
        // A caller going around the gateway does not care whom it talks to.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode ? $"{address} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}" : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed record ClientOutcome(bool Refused, Exception? Error);

    /// <summary>An Orleans client, as anyone could build one, reading a unit's grain through the silo's client port.</summary>
    private static async Task<ClientOutcome> ReadUnitAsOrleansClientAsync(ClusterProcesses cluster, int gatewayPort, string unitCode, Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            configure(client);
        });
        using var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
            var unit = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IUnitGrain>(GrainKeys.Unit(unitCode)).Get()
                .WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            return unit?.Code == unitCode ? new ClientOutcome(false, null) : new ClientOutcome(true, null);
        }
        catch (Exception error) when (error is not OperationCanceledException || !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return new ClientOutcome(true, error);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await host.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
