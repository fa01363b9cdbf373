using OfficeMesh.Server.Hosting;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// An all-in-one server for the sign-in and account-life tests: the default request body cap (so a huge username
/// reaches the API), and short lock, account-check and idempotency lifetimes so those tests run in seconds. Its
/// collection runs alone, so memory measured in this process is this server's.
/// </summary>
public sealed class SecurityServerFixture : IAsyncLifetime
{
    public const string AdminPassword = "security-admin-password";
    public static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan AccountCheckInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromSeconds(3);

    private readonly TemporaryDataDirectory _data = new();
    private OfficeMeshServer? _server;
    private HttpClient? _http;

    public ApiClient Anonymous => new(_http!);

    public string DataDirectory => _data.Path;

    public Task<ApiClient> AdminAsync() => Anonymous.SignInAsync("admin", AdminPassword);

    public async ValueTask InitializeAsync()
    {
        _server = await EmbeddedServerFixture.StartInProcessAsync(AdminPassword,
        [
            $"--OfficeMesh:Storage:DataDirectory={_data.Path}",
            "--OfficeMesh:Gateway:RequestsPerSecond=10000",
            "--OfficeMesh:Gateway:Burst=10000",
            $"--OfficeMesh:SignIn:LockDuration={LockDuration}",
            $"--OfficeMesh:Auth:AccountCheckInterval={AccountCheckInterval}",
            $"--OfficeMesh:Idempotency:Lifetime={IdempotencyLifetime}",
        ]);
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecurityServerCollection : ICollectionFixture<SecurityServerFixture>
{
    public const string Name = "security server";
}
