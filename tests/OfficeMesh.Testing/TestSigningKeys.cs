using System.Security.Cryptography;

namespace OfficeMesh.Testing;

/// <summary>
/// A fresh random signing key, as a deployment would generate one (the server refuses guessable ones). Hex, so it
/// passes unchanged through environment variables and command lines (base64 keys kept cluster processes from starting).
/// </summary>
public static class TestSigningKeys
{
    public static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}
