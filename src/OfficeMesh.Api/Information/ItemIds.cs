using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OfficeMesh.Api.Information;

/// <summary>
/// Item ids. With an Idempotency-Key the id is derived from the caller and the key, so a retry reaches
/// the same item grain even if the first attempt's response was lost in a crash, and creates nothing new.
/// </summary>
public static partial class ItemIds
{
    [GeneratedRegex("^[a-z0-9]{16,64}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    public static string For(string username, string? idempotencyKey) =>
        idempotencyKey is null
            ? Guid.CreateVersion7().ToString("N")
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{username}\n{idempotencyKey}")))[..32];
}
