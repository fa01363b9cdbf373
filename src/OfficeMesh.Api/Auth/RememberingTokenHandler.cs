using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OfficeMesh.Api.Auth;

/// <summary>
/// Validates bearer tokens with <see cref="JsonWebTokenHandler"/> and remembers each valid one until it expires,
/// so a township's system sending the same token thousands of times pays for parsing, signature and claims once.
/// The cache key is the whole token, signature included: only the exact token that passed matches, and nothing
/// about what a token grants changes while it is valid. Each request gets its own copy of the identity.
/// </summary>
public sealed class RememberingTokenHandler : TokenHandler
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = 20_000 });
    private readonly TimeProvider _clock;

    public RememberingTokenHandler(TimeProvider clock) => _clock = clock;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out TokenValidationResult? known) && known!.SecurityToken.ValidTo > _clock.GetUtcNow().UtcDateTime)
            return Copy(known);

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > _clock.GetUtcNow().UtcDateTime)
        {
            _valid.Set(token, result, new MemoryCacheEntryOptions
            {
                AbsoluteExpiration = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
                Size = 1,
            });
            return Copy(result);
        }
        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private static TokenValidationResult Copy(TokenValidationResult valid) => new()
    {
        IsValid = true,
        ClaimsIdentity = (ClaimsIdentity)valid.ClaimsIdentity.Clone(),
        SecurityToken = valid.SecurityToken,
        Issuer = valid.Issuer,
        TokenType = valid.TokenType,
    };
}
