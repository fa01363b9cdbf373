using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Orleans.Connections.Security;

namespace OfficeMesh.Server.Hosting;

/// <summary>
/// Mutual TLS inside a cluster. Every silo and gateway holds a certificate issued by the cluster's own
/// certificate authority and accepts a connection only from a peer whose certificate chains to that
/// authority: silo to silo and Orleans clients (the silo and gateway ports), and the gateway to a silo's
/// HTTP API. Whoever lacks such a certificate cannot call a grain, nor reach a silo's API or /metrics
/// around the gateway's token check, rate limit and body cap.
/// Peers are recognised by their authority, not their names (silos are reached by IP), so the authority
/// must issue certificates for this cluster only (deploy/certs/make-certs.sh makes one).
/// </summary>
public sealed class ClusterTls
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>This node's certificate, with its private key: presented to every peer.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The cluster's TLS for a silo or gateway role, or null when the role needs none (the all-in-one role,
    /// whose silo listens on loopback only) or the operator opted out with <c>AllowInsecure</c>.
    /// </summary>
    public static ClusterTls? Load(ServerSettings settings)
    {
        var tls = settings.Tls;
        if (settings.Role == ServerRole.All)
            return null;
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            if (!tls.AllowInsecure)
                throw new InvalidOperationException(
                    $"The {settings.Role.ToString().ToLowerInvariant()} role needs the cluster's TLS certificate: set OfficeMesh:Cluster:Tls:CertificatePath " +
                    "(and KeyPath or CertificatePassword) and OfficeMesh:Cluster:Tls:CaPath (make them with deploy/certs/make-certs.sh). " +
                    "Without them anyone who reaches a silo's ports can call any grain as anyone; to run so anyway, set OfficeMesh:Cluster:Tls:AllowInsecure=true.");
            Console.Error.WriteLine("OfficeMesh: WARNING: OfficeMesh:Cluster:Tls:AllowInsecure is set: the silo and gateway ports are open to whoever reaches them, without TLS.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(tls.AuthorityPath))
            throw new InvalidOperationException("OfficeMesh:Cluster:Tls:CaPath is required with OfficeMesh:Cluster:Tls:CertificatePath: the certificate authority every peer's certificate must chain to.");

        var certificate = LoadCertificate(tls);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(tls.AuthorityPath);
        if (authorities.Count == 0)
            throw new InvalidOperationException($"OfficeMesh:Cluster:Tls:CaPath: no PEM certificate in {tls.AuthorityPath}.");
        var cluster = new ClusterTls(certificate, authorities);
        if (!cluster.IsTrusted(certificate))
            throw new InvalidOperationException(
                $"OfficeMesh:Cluster:Tls:CertificatePath: the certificate {certificate.Subject} is not issued by the authority in OfficeMesh:Cluster:Tls:CaPath (or has expired), so no peer would accept it.");
        return cluster;
    }

    /// <summary>True when <paramref name="remote"/> chains to the cluster's authority and is valid now.</summary>
    public bool IsTrusted(X509Certificate? remote)
    {
        if (remote is null)
            return false;
        var certificate = remote as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A county's own authority publishes no revocation lists; a compromised node's certificate is
        // dealt with by replacing the authority.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>Silo-to-silo and client-to-silo connections: both sides present a certificate and check the other's.</summary>
    public void ConfigureOrleans(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => IsTrusted(certificate);
    }

    /// <summary>A silo's HTTPS endpoints: only a client presenting a cluster certificate (the gateway, Prometheus) completes the handshake.</summary>
    public void ConfigureHttpsServer(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = Certificate;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (certificate, _, _) => IsTrusted(certificate);
        https.CheckCertificateRevocation = false;
    }

    /// <summary>The gateway's connections to silos: present this node's certificate, accept only a silo's.</summary>
    public void ConfigureHttpClient(SocketsHttpHandler handler)
    {
        handler.SslOptions.ClientCertificates = new X509CertificateCollection { Certificate };
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => Certificate;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(certificate);
    }

    private static X509Certificate2 LoadCertificate(ClusterTlsSettings tls)
    {
        var path = tls.CertificatePath!;
        if (!File.Exists(path))
            throw new InvalidOperationException($"OfficeMesh:Cluster:Tls:CertificatePath: {path} does not exist.");
        X509Certificate2 certificate;
        if (File.ReadAllBytes(path).AsSpan().IndexOf("-----BEGIN"u8) >= 0)
        {
            using var pem = string.IsNullOrEmpty(tls.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, tls.CertificatePassword, tls.KeyPath);
            // A key read from PEM is ephemeral; TLS on some platforms needs it held the way PKCS#12 holds it.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        else
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
        }
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"OfficeMesh:Cluster:Tls:CertificatePath: {path} holds no private key (give it in OfficeMesh:Cluster:Tls:KeyPath).");
    }
}
