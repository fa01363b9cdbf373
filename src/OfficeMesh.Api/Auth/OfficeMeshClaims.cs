using System.Security.Claims;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Auth;

/// <summary>The claims an OfficeMesh token carries, and how handlers read them back.</summary>
public static class OfficeMeshClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Unit = "unit";
    public const string County = "county";
    public const string UnitKind = "unit_kind";
    public const string UnitLevel = "unit_level";
    /// <summary>The token's own id (JWT <c>jti</c>), so a record can name the token a request came with.</summary>
    public const string TokenId = "jti";
    /// <summary>The account's security stamp when the token was issued; the API honours the token while the account still has it.</summary>
    public const string SecurityStamp = "stamp";

    public const string Issuer = "officemesh";
    public const string Audience = "officemesh-api";

    public static string Username(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("An authenticated caller always has a subject.");

    public static string? UnitCode(this ClaimsPrincipal user) => user.FindFirstValue(Unit);

    public static string? CountyCode(this ClaimsPrincipal user) => user.FindFirstValue(County);

    /// <summary>The caller as grains see it, read from the validated token.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => new(
        user.Username(),
        user.UnitCode(),
        user.CountyCode(),
        user.FindAll(Role).Select(claim => Wire.TryParse<Contracts.Role>(claim.Value, out var role) ? role : (Contracts.Role?)null)
            .OfType<Contracts.Role>().ToList(),
        Wire.TryParse<Contracts.UnitKind>(user.FindFirstValue(UnitKind), out var kind) ? kind : null,
        Wire.TryParse<UpperLevel>(user.FindFirstValue(UnitLevel), out var level) ? level : null);
}
