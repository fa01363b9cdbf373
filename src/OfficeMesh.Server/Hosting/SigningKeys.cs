using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

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

    public static SecurityKey Load(ServerSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.SigningKey))
        {
            if (settings.SigningKey.Length < MinimumKeyLength)
                throw new InvalidOperationException($"OfficeMesh:Auth:SigningKey must be at least {MinimumKeyLength} characters.");
            return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey));
        }
        if (settings.Role != ServerRole.All)
            throw new InvalidOperationException("OfficeMesh:Auth:SigningKey (env OfficeMesh__Auth__SigningKey) is required in cluster roles: every silo and gateway must share it.");
        return new SymmetricSecurityKey(LoadOrCreateKeyFile(settings.DataDirectory));
    }

    private static byte[] LoadOrCreateKeyFile(string dataDirectory)
    {
        System.IO.Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

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
