using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace OfficeMesh.Api.Audit;

/// <summary>
/// Readable names for what a request does, read from its endpoint's route pattern so that every endpoint,
/// present and future, is named without a list to keep up to date: the literal segments after
/// <c>/api/v1</c> in the singular, joined by dots, then the verb. <c>POST /api/v1/items</c> is <c>item.create</c>,
/// <c>POST /api/v1/items/{id}/reviews</c> <c>item.review</c>, <c>PUT /api/v1/accounts/{username}</c>
/// <c>account.update</c>, <c>GET /api/v1/items/{id}</c> <c>item.read</c> and <c>GET /api/v1/items</c> <c>item.list</c>.
/// The target is the resource the request addressed, as its path below <c>/api/v1/</c> (<c>items/…</c>).
/// </summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SecretRead = "item.read-secret";
    private const string ApiPrefix = "/api/v1";

    public static string For(string method, RoutePattern? pattern, PathString path)
    {
        if (pattern?.RawText is not { } raw || !raw.StartsWith(ApiPrefix + "/", StringComparison.OrdinalIgnoreCase))
            return $"{method} {path}";

        var names = new List<string>();
        var endsWithParameter = false;
        foreach (var segment in pattern.PathSegments.Skip(2))
        {
            endsWithParameter = !(segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart);
            if (!endsWithParameter)
                names.Add(Singular(((RoutePatternLiteralPart)segment.Parts[0]).Content));
        }

        var name = string.Join('.', names);
        if (name == "auth.token")
            return SignIn;
        return method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name + (endsWithParameter ? ".read" : ".list"),
            "POST" when names.Count == 1 && !endsWithParameter => name + ".create",
            "POST" => name,
            "PUT" or "PATCH" => name + ".update",
            "DELETE" => name + ".delete",
            _ => $"{name}.{method.ToLowerInvariant()}",
        };
    }

    /// <summary>
    /// The addressed resource: the path up to its last route parameter (<c>items/abc</c> for
    /// <c>/api/v1/items/abc/reviews</c>), or null when the pattern has none (a collection).
    /// </summary>
    public static string? TargetOf(RoutePattern? pattern, RouteValueDictionary values)
    {
        if (pattern?.RawText is not { } raw || !raw.StartsWith(ApiPrefix + "/", StringComparison.OrdinalIgnoreCase))
            return null;
        var lastParameter = -1;
        for (var index = 0; index < pattern.PathSegments.Count; index++)
        {
            if (!(pattern.PathSegments[index].IsSimple && pattern.PathSegments[index].Parts[0] is RoutePatternLiteralPart))
                lastParameter = index;
        }
        if (lastParameter < 2)
            return null;

        return string.Join('/', pattern.PathSegments.Take(lastParameter + 1).Skip(2).Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => Convert.ToString(values[parameter.Name], System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        }))));
    }

    /// <summary>What a created resource's Location header names, below <c>/api/v1/</c>.</summary>
    public static string? TargetOfLocation(string? location)
    {
        if (string.IsNullOrEmpty(location))
            return null;
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location;
        return path.StartsWith(ApiPrefix + "/", StringComparison.OrdinalIgnoreCase) ? path[(ApiPrefix.Length + 1)..] : path;
    }

    private static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith("ss", StringComparison.Ordinal) ? word
        : word.EndsWith('s') ? word[..^1]
        : word;
}
