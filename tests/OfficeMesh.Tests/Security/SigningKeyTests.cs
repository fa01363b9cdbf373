using OfficeMesh.Server.Hosting;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Security;

/// <summary>A deployment that kept the example signing key, or chose a guessable one, does not start.</summary>
public sealed class SigningKeyTests
{
    public static TheoryData<string> RefusedKeys => new()
    {
        // .env.example and deploy/k8s/secret.example.yaml
        "change-me-to-at-least-32-random-characters",
        "short-key",
        new string('a', 64),
        string.Concat(Enumerable.Repeat("ab", 40)),
        "0101010101010101010101010101010101010101",
    };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task The_server_refuses_to_start_with_a_guessable_key_and_names_the_setting(string key)
    {
        using var data = new TemporaryDataDirectory();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedServerFixture.StartInProcessAsync("admin-password-for-tests",
            [$"--OfficeMesh:Storage:DataDirectory={data.Path}", $"--OfficeMesh:Auth:SigningKey={key}"]));
        Assert.Contains("OfficeMesh:Auth:SigningKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_key_is_refused_as_the_example()
    {
        var example = File.ReadAllLines(Path.Combine(RepositoryRoot(), ".env.example"))
            .Single(line => line.StartsWith("OFFICEMESH_SIGNING_KEY=", StringComparison.Ordinal))["OFFICEMESH_SIGNING_KEY=".Length..];
        Assert.Contains("example", SigningKeys.Refusal(example), StringComparison.Ordinal);
        var kubernetes = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "k8s", "secret.example.yaml"))
            .Single(line => line.TrimStart().StartsWith("signing-key:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        Assert.Contains("example", SigningKeys.Refusal(kubernetes), StringComparison.Ordinal);
    }

    [Fact]
    public void Random_keys_as_a_deployment_generates_them_are_accepted()
    {
        for (var i = 0; i < 20; i++)
            Assert.Null(SigningKeys.Refusal(TestSigningKeys.Random()));
        Assert.Null(SigningKeys.Refusal(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The tests run inside the repository.");
    }
}
