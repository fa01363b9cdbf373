using OfficeMesh.Server.Hosting;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// One all-in-one OfficeMesh (silo + API + gateway on embedded storage) in this test process, shared
/// by the HTTP tests. Tests reach it only through its gateway address, and use their own unit codes
/// and accounts so that they do not depend on each other.
/// </summary>
public sealed class EmbeddedServerFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-tests";
    public const int RequestsPerSecond = 2_000;
    public const int Burst = 4_000;
    public const int MaxRequestBodyBytes = 64 * 1024;

    private readonly TemporaryDataDirectory _data = new();
    private OfficeMeshServer? _server;
    private HttpClient? _http;

    public ApiClient Anonymous => new(_http!);

    public IServiceProvider SiloServices => _server!.SiloServices!;

    public Task<ApiClient> AdminAsync() => Anonymous.SignInAsync("admin", AdminPassword);

    public async ValueTask InitializeAsync()
    {
        _server = await StartInProcessAsync(AdminPassword,
        [
            $"--OfficeMesh:Storage:DataDirectory={_data.Path}",
            $"--OfficeMesh:Gateway:RequestsPerSecond={RequestsPerSecond}",
            $"--OfficeMesh:Gateway:Burst={Burst}",
            $"--OfficeMesh:Gateway:MaxRequestBodyBytes={MaxRequestBodyBytes}",
        ]);
        _http = new HttpClient { BaseAddress = _server.Address };
    }

    /// <summary>An all-in-one server (silo, API, gateway) in this process, on free ports, with the given settings.</summary>
    public static Task<OfficeMeshServer> StartInProcessAsync(string adminPassword, IEnumerable<string> settings) =>
        OfficeMeshServer.StartAsync(
        [
            "--role", "all",
            "--urls", "http://127.0.0.1:0",
            $"--OfficeMesh:Bootstrap:AdminPassword={adminPassword}",
            $"--OfficeMesh:Cluster:SiloPort={FreePort.Next()}",
            $"--OfficeMesh:Cluster:GatewayPort={FreePort.Next()}",
            "--OfficeMesh:Cluster:AdvertisedAddress=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedServerCollection : ICollectionFixture<EmbeddedServerFixture>
{
    public const string Name = "embedded server";
}

/// <summary>Unit codes and usernames no other test uses.</summary>
public static class Unique
{
    public static string Code(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 13)];
}
