using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OfficeMesh.Api.Auth;
using OfficeMesh.Contracts;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>Remembering a valid token must never make a token valid that the plain handler would refuse.</summary>
public sealed class RememberingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32));
    private static readonly Account Officer = new("officer-a", "town-1", "county-1", [Role.UnitOfficer], UnitKind.Township);

    [Fact]
    public async Task A_remembered_token_gives_each_request_its_own_identity_with_the_same_claims()
    {
        var handler = new RememberingTokenHandler(TimeProvider.System);
        var token = Issue(Key).AccessToken;

        var first = await handler.ValidateTokenAsync(token, TokenIssuer.ValidationParameters(Key));
        var second = await handler.ValidateTokenAsync(token, TokenIssuer.ValidationParameters(Key));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("officer-a", second.ClaimsIdentity.Name);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(claim => (claim.Type, claim.Value)), second.ClaimsIdentity.Claims.Select(claim => (claim.Type, claim.Value)));
    }

    [Fact]
    public async Task A_token_altered_or_signed_with_another_key_is_refused_after_a_valid_one_was_remembered()
    {
        var handler = new RememberingTokenHandler(TimeProvider.System);
        var token = Issue(Key).AccessToken;
        Assert.True((await handler.ValidateTokenAsync(token, TokenIssuer.ValidationParameters(Key))).IsValid);

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var altered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        Assert.False((await handler.ValidateTokenAsync(altered, TokenIssuer.ValidationParameters(Key))).IsValid);

        var foreign = Issue(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32))).AccessToken;
        Assert.False((await handler.ValidateTokenAsync(foreign, TokenIssuer.ValidationParameters(Key))).IsValid);
    }

    private static IssuedToken Issue(SecurityKey key) =>
        new TokenIssuer(key, Options.Create(new TokenOptions()), TimeProvider.System).Issue(Officer, securityStamp: "stamp");
}
