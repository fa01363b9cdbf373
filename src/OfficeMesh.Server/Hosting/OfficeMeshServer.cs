using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OfficeMesh.Api.Audit;

namespace OfficeMesh.Server.Hosting;

/// <summary>A started OfficeMesh process in one of its roles; tests start it the same way Program does.</summary>
public sealed class OfficeMeshServer : IAsyncDisposable
{
    private readonly WebApplication? _silo;
    private readonly WebApplication? _gateway;

    private OfficeMeshServer(WebApplication? silo, WebApplication? gateway)
    {
        _silo = silo;
        _gateway = gateway;
    }

    /// <summary>The public address: the gateway's, or the silo API's in the silo role.</summary>
    public Uri Address => AddressOf(_gateway ?? _silo!);

    /// <summary>The silo's services (grain factory, storage), when this process runs a silo.</summary>
    public IServiceProvider? SiloServices => _silo?.Services;

    public static async Task<OfficeMeshServer> StartAsync(string[] args)
    {
        switch (HostBuilders.RoleOf(args))
        {
            case ServerRole.Gateway:
            {
                var gateway = GatewayApp.Build(args);
                await gateway.StartAsync();
                return new OfficeMeshServer(null, gateway);
            }
            case ServerRole.Silo:
            {
                var silo = await SiloApp.BuildAsync(args, internalOnly: false);
                await silo.StartAsync();
                await SiloApp.EnsureBootstrapAdminAsync(silo);
                return new OfficeMeshServer(silo, null);
            }
            default:
            {
                var silo = await SiloApp.BuildAsync(args, internalOnly: true);
                await silo.StartAsync();
                await SiloApp.EnsureBootstrapAdminAsync(silo);
                var gateway = GatewayApp.Build(args, AddressOf(silo), silo.Services.GetRequiredService<IAuditLog>());
                await gateway.StartAsync();
                return new OfficeMeshServer(silo, gateway);
            }
        }
    }

    /// <summary>Runs until either half is asked to stop (Ctrl+C, SIGTERM), then stops both.</summary>
    public async Task WaitForShutdownAsync()
    {
        var running = new[] { _silo, _gateway }.OfType<WebApplication>().Select(app => app.WaitForShutdownAsync());
        await Task.WhenAny(running);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _gateway, _silo }.OfType<WebApplication>())
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
