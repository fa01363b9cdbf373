using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using OfficeMesh.Storage.Embedded;

namespace OfficeMesh.Server.Hosting;

/// <summary>
/// The key tokens are signed with. A cluster's processes must share it, so there it is required
/// configuration; a single embedded process generates one once and keeps it in its data directory,
/// so tokens survive a restart.
/// </summary>
public static class SigningKeys
{
    private const int MinimumKeyLength = 32;
    private const string KeyFileName = "signing.key";

    /// <summary>The example values shipped in <c>.env.example</c> and <c>deploy/k8s/secret.example.yaml</c>: public, so never a key.</summary>
    private static readonly string[] ExampleKeys = ["change-me-to-at-least-32-random-characters"];

    /// <summary>The entropy a configured key must carry, by <see cref="EstimatedBits"/>.</summary>
    public const int MinimumBits = 128;

    public static SecurityKey Load(ServerSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.SigningKey))
        {
            if (Refusal(settings.SigningKey) is { } refusal)
                throw new InvalidOperationException($"OfficeMesh:Auth:SigningKey (env OfficeMesh__Auth__SigningKey) {refusal} Generate one with: openssl rand -hex 32");
            return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey));
        }
        if (settings.Role != ServerRole.All)
            throw new InvalidOperationException("OfficeMesh:Auth:SigningKey (env OfficeMesh__Auth__SigningKey) is required in cluster roles: every silo and gateway must share it.");
        return new SymmetricSecurityKey(LoadOrCreateKeyFile(settings.DataDirectory));
    }

    /// <summary>Why a configured key is refused, or null if it is acceptable.</summary>
    public static string? Refusal(string key)
    {
        if (ExampleKeys.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase) || key.Contains("change-me", StringComparison.OrdinalIgnoreCase))
            return "is the example value from .env.example or deploy/k8s/secret.example.yaml, which anyone can read.";
        if (key.Length < MinimumKeyLength)
            return $"must be at least {MinimumKeyLength} characters.";
        if (EstimatedBits(key) < MinimumBits)
            return $"has too little entropy ({EstimatedBits(key):F0} bits, at least {MinimumBits} needed: length times the Shannon entropy of its characters).";
        return null;
    }

    /// <summary>
    /// The key's length times the Shannon entropy (bits per character) of its own character frequencies: 48 random bytes
    /// in base64 give about 330, 32 bytes in hex (`openssl rand -hex 32`) about 250; a repeated pattern or a run of few characters gives far less.
    /// It cannot tell a phrase from random text, so it is a floor, not a proof of randomness.
    /// </summary>
    public static double EstimatedBits(string key)
    {
        var perCharacter = key.GroupBy(character => character)
            .Select(group => (double)group.Count() / key.Length)
            .Sum(probability => -probability * Math.Log2(probability));
        return perCharacter * key.Length;
    }

    private static byte[] LoadOrCreateKeyFile(string dataDirectory)
    {
        OwnerOnlyFiles.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (File.Exists(path))
        {
            OwnerOnlyFiles.Restrict(path);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(64);
        // Write beside and move, so a crash never leaves a half-written key behind.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
        return key;
    }
}
