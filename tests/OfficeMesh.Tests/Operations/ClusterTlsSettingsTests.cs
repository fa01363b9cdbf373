using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using OfficeMesh.Server.Hosting;
using Xunit;

namespace OfficeMesh.Tests.Operations;

/// <summary>
/// What an operator sees at start: a cluster role without the cluster's certificate does not start unless
/// told to run insecure, the certificate is read as PEM or PKCS#12, and a certificate the cluster's
/// authority did not issue is refused with the setting named.
/// </summary>
public sealed class ClusterTlsSettingsTests
{
    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public void A_cluster_role_without_a_certificate_does_not_start(string role)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterTls.Load(Settings(role)));
        Assert.Contains("OfficeMesh:Cluster:Tls:CertificatePath", error.Message);
        Assert.Contains("OfficeMesh:Cluster:Tls:AllowInsecure", error.Message);
    }

    [Fact]
    public void Running_without_tls_takes_an_explicit_opt_out_and_the_all_in_one_role_needs_nothing()
    {
        Assert.Null(ClusterTls.Load(Settings("silo", ("OfficeMesh:Cluster:Tls:AllowInsecure", "true"))));
        Assert.Null(ClusterTls.Load(Settings("all")));
    }

    [Fact]
    public void The_certificate_is_read_as_pem_or_pkcs12_and_trusts_only_its_own_authority()
    {
        using var cluster = ClusterCertificates.Create();
        using var strangers = ClusterCertificates.Create("Somebody else's CA");

        var fromPem = ClusterTls.Load(Settings("silo",
            ("OfficeMesh:Cluster:Tls:CertificatePath", cluster.CertificatePath), ("OfficeMesh:Cluster:Tls:KeyPath", cluster.KeyPath),
            ("OfficeMesh:Cluster:Tls:CaPath", cluster.AuthorityPath)))!;
        var fromPfx = ClusterTls.Load(Settings("gateway",
            ("OfficeMesh:Cluster:Tls:CertificatePath", cluster.PfxPath), ("OfficeMesh:Cluster:Tls:CertificatePassword", ClusterCertificates.PfxPassword),
            ("OfficeMesh:Cluster:Tls:CaPath", cluster.AuthorityPath)))!;

        Assert.Equal(cluster.Node.Thumbprint, fromPem.Certificate.Thumbprint);
        Assert.True(fromPem.Certificate.HasPrivateKey);
        Assert.Equal(cluster.Node.Thumbprint, fromPfx.Certificate.Thumbprint);
        Assert.True(fromPfx.IsTrusted(cluster.Node));
        Assert.False(fromPfx.IsTrusted(strangers.Node));
        Assert.False(fromPfx.IsTrusted(strangers.Authority));
    }

    [Fact]
    public void A_certificate_from_another_authority_is_refused_at_start()
    {
        using var cluster = ClusterCertificates.Create();
        using var strangers = ClusterCertificates.Create("Somebody else's CA");
        var error = Assert.Throws<InvalidOperationException>(() => ClusterTls.Load(Settings("silo",
            ("OfficeMesh:Cluster:Tls:CertificatePath", strangers.CertificatePath), ("OfficeMesh:Cluster:Tls:KeyPath", strangers.KeyPath),
            ("OfficeMesh:Cluster:Tls:CaPath", cluster.AuthorityPath))));
        Assert.Contains("OfficeMesh:Cluster:Tls:CaPath", error.Message);

        var missingAuthority = Assert.Throws<InvalidOperationException>(() => ClusterTls.Load(Settings("silo",
            ("OfficeMesh:Cluster:Tls:CertificatePath", cluster.CertificatePath), ("OfficeMesh:Cluster:Tls:KeyPath", cluster.KeyPath))));
        Assert.Contains("OfficeMesh:Cluster:Tls:CaPath", missingAuthority.Message);
    }

    [Fact]
    public async Task The_documented_command_makes_certificates_a_silo_accepts()
    {
        var directory = Directory.CreateTempSubdirectory("officemesh-make-certs-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash") { ArgumentList = { MakeCertsScript(), directory, "node", "silo1" }, RedirectStandardOutput = true, RedirectStandardError = true };
            using var script = Process.Start(start)!;
            var output = await script.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await script.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await script.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(script.ExitCode == 0, $"make-certs.sh failed (it needs openssl):\n{output}");

            var tls = ClusterTls.Load(Settings("silo",
                ("OfficeMesh:Cluster:Tls:CertificatePath", Path.Combine(directory, "node.crt")), ("OfficeMesh:Cluster:Tls:KeyPath", Path.Combine(directory, "node.key")),
                ("OfficeMesh:Cluster:Tls:CaPath", Path.Combine(directory, "ca.crt"))))!;
            Assert.True(tls.Certificate.HasPrivateKey);
            // A second node made later by the same authority is a peer.
            Assert.True(tls.IsTrusted(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "silo1.crt"))));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string MakeCertsScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "deploy", "certs", "make-certs.sh");
            if (File.Exists(script))
                return script;
        }
        throw new FileNotFoundException("deploy/certs/make-certs.sh not found above the test output directory.");
    }

    private static ServerSettings Settings(string role, params (string Key, string Value)[] settings) =>
        ServerSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)).Append(KeyValuePair.Create("OfficeMesh:Role", (string?)role)))
            .Build());
}
