using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Security;

/// <summary>What the embedded store keeps on disk: owner-only files, and idempotency records that expire and hold no password.</summary>
[Collection(SecurityServerCollection.Name)]
public sealed class DataAtRestTests(SecurityServerFixture server)
{
    [Fact]
    public async Task An_idempotency_record_is_gone_after_its_lifetime()
    {
        var admin = await server.AdminAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { code = Unique.Code("county"), name = "淳安县两办", kind = "county-office" };

        (await admin.PostAsync("/api/v1/units", body, key)).AssertStatus(HttpStatusCode.Created);
        var retry = (await admin.PostAsync("/api/v1/units", body, key)).AssertStatus(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"), "A retry within the lifetime replays the first answer.");

        await Task.Delay(SecurityServerFixture.IdempotencyLifetime + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        // The record is gone, so the request runs again and meets the unit it created the first time.
        (await admin.PostAsync("/api/v1/units", body, key)).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_idempotent_account_creation_keeps_neither_the_password_nor_a_plain_hash_of_the_request()
    {
        var admin = await server.AdminAsync();
        var password = $"pw-{Guid.NewGuid():N}";
        var body = new { username = Unique.Code("user"), password, roles = new[] { "operator" } };
        (await admin.PostAsync("/api/v1/accounts", body, Guid.NewGuid().ToString())).AssertStatus(HttpStatusCode.Created);

        var json = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var plainHash = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes("POST /api/v1/accounts\n"), .. json]));
        var stored = StoredBytes();
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(plainHash, stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_embedded_store_and_the_signing_key_are_readable_by_their_owner_only()
    {
        await server.AdminAsync();
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var file in Directory.GetFiles(server.DataDirectory).Where(file => !file.EndsWith(".tmp", StringComparison.Ordinal)))
            Assert.True(File.GetUnixFileMode(file) == ownerOnly, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}.");
        Assert.Contains(Directory.GetFiles(server.DataDirectory), file => Path.GetFileName(file) == "signing.key");
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));
    }

    /// <summary>Every byte of the store, the write-ahead log included, as Latin-1 text so any UTF-8 or ASCII string in it can be found.</summary>
    private string StoredBytes()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(server.DataDirectory))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }
        return text.ToString();
    }
}
