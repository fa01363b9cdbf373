using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Auth;

public sealed class TokenOptions
{
    /// <summary>How long an access token is valid; an officer's working day by default.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long the API trusts what it last heard of an account (disabled, password reset): a disabled or reset
    /// account's tokens stop working within this. api.md allows at most 60 s.
    /// </summary>
    public TimeSpan AccountCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Signs the bearer tokens the gateway and the API both validate with the same key.</summary>
public sealed class TokenIssuer(SecurityKey signingKey, IOptions<TokenOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(Account account, string securityStamp)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.Lifetime;
        var claims = new List<Claim>
        {
            new(OfficeMeshClaims.Subject, account.Username),
            new(OfficeMeshClaims.TokenId, Guid.NewGuid().ToString("N")),
            new(OfficeMeshClaims.SecurityStamp, securityStamp),
        };
        if (account.UnitCode is not null) claims.Add(new(OfficeMeshClaims.Unit, account.UnitCode));
        if (account.CountyCode is not null) claims.Add(new(OfficeMeshClaims.County, account.CountyCode));
        if (account.UnitKind is { } kind) claims.Add(new(OfficeMeshClaims.UnitKind, Wire.Name(kind)));
        if (account.UnitLevel is { } level) claims.Add(new(OfficeMeshClaims.UnitLevel, Wire.Name(level)));
        claims.AddRange(account.Roles.Select(role => new Claim(OfficeMeshClaims.Role, RoleNames.Of(role))));

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = OfficeMeshClaims.Issuer,
            Audience = OfficeMeshClaims.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    /// <summary>How every OfficeMesh process checks a token, so the gateway and the API agree exactly.</summary>
    public static TokenValidationParameters ValidationParameters(SecurityKey signingKey) => new()
    {
        ValidIssuer = OfficeMeshClaims.Issuer,
        ValidAudience = OfficeMeshClaims.Audience,
        IssuerSigningKey = signingKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = OfficeMeshClaims.Subject,
        RoleClaimType = OfficeMeshClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
