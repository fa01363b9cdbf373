using System.Net;
using Microsoft.Extensions.Configuration;

namespace OfficeMesh.Server.Hosting;

public enum ServerRole
{
    All,
    Silo,
    Gateway,
}

public enum StorageProvider
{
    Embedded,
    Postgres,
}

/// <summary>Every setting the server reads, in one place (see README, "Configuration").</summary>
public sealed record ServerSettings(
    ServerRole Role,
    StorageProvider Storage,
    string DataDirectory,
    string? ConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    string? AdvertisedAddress,
    string? SigningKey,
    string? BootstrapAdminPassword)
{
    /// <summary>Lets <c>--role silo</c> stand for <c>OfficeMesh:Role=silo</c>.</summary>
    public static readonly IDictionary<string, string> CommandLineSwitches = new Dictionary<string, string>
    {
        ["--role"] = "OfficeMesh:Role",
    };

    public static ServerSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("OfficeMesh");
        return new ServerSettings(
            Role: ParseEnum<ServerRole>(section["Role"] ?? "all", "OfficeMesh:Role"),
            Storage: ParseEnum<StorageProvider>(section["Storage:Provider"] ?? "embedded", "OfficeMesh:Storage:Provider"),
            DataDirectory: Path.GetFullPath(section["Storage:DataDirectory"] ?? "data"),
            ConnectionString: configuration.GetConnectionString("OfficeMesh"),
            ClusterId: section["Cluster:ClusterId"] ?? "officemesh",
            ServiceId: section["Cluster:ServiceId"] ?? "officemesh",
            SiloPort: section.GetValue("Cluster:SiloPort", 11111),
            GatewayPort: section.GetValue("Cluster:GatewayPort", 30000),
            AdvertisedAddress: section["Cluster:AdvertisedAddress"],
            SigningKey: section["Auth:SigningKey"],
            BootstrapAdminPassword: section["Bootstrap:AdminPassword"]);
    }

    /// <summary>The PostgreSQL connection string, or a start-up error that says what to set.</summary>
    public string RequiredConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException("OfficeMesh:Storage:Provider is 'postgres' but ConnectionStrings:OfficeMesh (env ConnectionStrings__OfficeMesh) is not set.")
            : ConnectionString;

    /// <summary>
    /// The address other silos reach this one at: an IP or a host name, by default this machine's own
    /// name (a container's hostname in compose or Kubernetes), falling back to loopback.
    /// </summary>
    public IPAddress ResolveAdvertisedAddress()
    {
        var configured = AdvertisedAddress;
        if (configured is not null && IPAddress.TryParse(configured, out var address))
            return address;
        var host = configured ?? Dns.GetHostName();
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(candidate =>
                candidate.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(candidate))
                ?? IPAddress.Loopback;
        }
        catch (System.Net.Sockets.SocketException) when (configured is null)
        {
            return IPAddress.Loopback;
        }
    }

    private static T ParseEnum<T>(string value, string key) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidOperationException($"{key} must be one of: {string.Join(", ", Enum.GetNames<T>().Select(name => name.ToLowerInvariant()))}; got '{value}'.");
}
