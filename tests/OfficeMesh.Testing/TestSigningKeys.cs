using System.Security.Cryptography;

namespace OfficeMesh.Testing;

/// <summary>A fresh random signing key, as a deployment would generate one (the server refuses guessable ones).</summary>
public static class TestSigningKeys
{
    public static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
