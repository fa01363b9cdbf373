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
    int? GatewayPort,
    string? AdvertisedAddress,
    int? HealthPort,
    ClusterTlsSettings Tls,
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
            GatewayPort: section.GetValue<int?>("Cluster:GatewayPort"),
            AdvertisedAddress: section["Cluster:AdvertisedAddress"],
            HealthPort: section.GetValue<int?>("Cluster:HealthPort"),
            Tls: new ClusterTlsSettings(
                CertificatePath: section["Cluster:Tls:CertificatePath"],
                KeyPath: section["Cluster:Tls:KeyPath"],
                CertificatePassword: section["Cluster:Tls:CertificatePassword"],
                AuthorityPath: section["Cluster:Tls:CaPath"],
                AllowInsecure: section.GetValue("Cluster:Tls:AllowInsecure", false)),
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

    /// <summary>The Orleans client (gateway) port: 0, none, unless one is configured; nothing in OfficeMesh needs one.</summary>
    public int ClientGatewayPort => GatewayPort ?? 0;

    private static T ParseEnum<T>(string value, string key) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidOperationException($"{key} must be one of: {string.Join(", ", Enum.GetNames<T>().Select(name => name.ToLowerInvariant()))}; got '{value}'.");
}

/// <summary>
/// Where the cluster's certificate and its authority are (<c>OfficeMesh:Cluster:Tls</c>); see <see cref="ClusterTls"/>.
/// </summary>
/// <param name="CertificatePath">This node's certificate: a PKCS#12 file (.pfx/.p12) or PEM (with the key inside or in <paramref name="KeyPath"/>).</param>
/// <param name="AuthorityPath">PEM file with the certificate authority every peer's certificate must chain to.</param>
/// <param name="AllowInsecure">Run a cluster role without TLS: every port then open to whoever reaches it.</param>
public sealed record ClusterTlsSettings(string? CertificatePath, string? KeyPath, string? CertificatePassword, string? AuthorityPath, bool AllowInsecure);
