using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OfficeMesh.Testing;

/// <summary>
/// A cluster's own certificate authority and one node certificate issued by it, written to a temporary
/// directory as a deployment would hold them (PEM certificate and key, the authority's PEM, and the node
/// as a password-protected PKCS#12 file), the same shape deploy/certs/make-certs.sh produces.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    public const string PfxPassword = "test-pfx-password";

    private ClusterCertificates(string directory, X509Certificate2 authority, X509Certificate2 node)
    {
        Directory = directory;
        Authority = authority;
        Node = node;
    }

    public string Directory { get; }

    /// <summary>The authority's certificate (no key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The node's certificate with its private key: what every silo, gateway and scraper presents.</summary>
    public X509Certificate2 Node { get; }

    public string AuthorityPath => Path.Combine(Directory, "ca.crt");
    public string CertificatePath => Path.Combine(Directory, "node.crt");
    public string KeyPath => Path.Combine(Directory, "node.key");
    public string PfxPath => Path.Combine(Directory, "node.pfx");

    /// <summary>The settings, as environment variables, that give a server process these certificates.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["OfficeMesh__Cluster__Tls__CertificatePath"] = CertificatePath,
        ["OfficeMesh__Cluster__Tls__KeyPath"] = KeyPath,
        ["OfficeMesh__Cluster__Tls__CaPath"] = AuthorityPath,
    };

    public static ClusterCertificates Create(string authorityName = "OfficeMesh test cluster CA")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("officemesh-certs-").FullName;
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(2);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN={authorityName}", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nodeRequest = new CertificateRequest("CN=officemesh-node", nodeKey, HashAlgorithmName.SHA256);
        nodeRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        nodeRequest.CertificateExtensions.Add(names.Build());
        nodeRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = nodeRequest.Create(authorityWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var nodeWithKey = issued.CopyWithPrivateKey(nodeKey);

        var certificates = new ClusterCertificates(directory,
            X509CertificateLoader.LoadCertificate(authorityWithKey.RawData),
            X509CertificateLoader.LoadPkcs12(nodeWithKey.Export(X509ContentType.Pkcs12), null));
        File.WriteAllText(certificates.AuthorityPath, authorityWithKey.ExportCertificatePem());
        File.WriteAllText(certificates.CertificatePath, nodeWithKey.ExportCertificatePem());
        File.WriteAllText(certificates.KeyPath, nodeKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(certificates.PfxPath, nodeWithKey.Export(X509ContentType.Pkcs12, PfxPassword));
        return certificates;
    }

    /// <summary>
    /// An HTTP handler as the gateway's: presents the node certificate and accepts a server only if its
    /// certificate chains to this authority.
    /// </summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = new X509CertificateCollection { Node };
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => Node;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && IsIssued(certificate);
        return handler;
    }

    /// <summary>True when <paramref name="certificate"/> was issued by this authority.</summary>
    public bool IsIssued(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Node.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
