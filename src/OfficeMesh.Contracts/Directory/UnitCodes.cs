using System.Text.RegularExpressions;

namespace OfficeMesh.Contracts;

/// <summary>Unit codes are <c>[a-z0-9-]{2,40}</c>: safe in URLs, grain keys and file names alike.</summary>
public static partial class UnitCodes
{
    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);
}
