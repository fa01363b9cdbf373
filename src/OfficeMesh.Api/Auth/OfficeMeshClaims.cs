using System.Security.Claims;

namespace OfficeMesh.Api.Auth;

/// <summary>The claims an OfficeMesh token carries, and how handlers read them back.</summary>
public static class OfficeMeshClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Unit = "unit";
    public const string County = "county";

    public const string Issuer = "officemesh";
    public const string Audience = "officemesh-api";

    public static string Username(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("An authenticated caller always has a subject.");

    public static string? UnitCode(this ClaimsPrincipal user) => user.FindFirstValue(Unit);

    public static string? CountyCode(this ClaimsPrincipal user) => user.FindFirstValue(County);
}
