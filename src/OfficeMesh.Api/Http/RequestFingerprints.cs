using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace OfficeMesh.Api.Http;

/// <summary>
/// Recognises a retried request without keeping it: an HMAC-SHA256 of the method, path and body under a key derived
/// from the cluster's signing key (so every silo computes the same one). A body holding a password is never stored,
/// nor its plain hash, which a guessed password could be checked against.
/// </summary>
public sealed class RequestFingerprints
{
    private readonly byte[] _key;

    public RequestFingerprints(SecurityKey signingKey)
    {
        var secret = signingKey as SymmetricSecurityKey ?? throw new ArgumentException("OfficeMesh signs tokens with a symmetric key.", nameof(signingKey));
        _key = HMACSHA256.HashData(secret.Key, "officemesh-idempotency-fingerprint"u8);
    }

    public async Task<string> OfAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
