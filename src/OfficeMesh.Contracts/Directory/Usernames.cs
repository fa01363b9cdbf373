using System.Text.RegularExpressions;

namespace OfficeMesh.Contracts;

/// <summary>
/// What a username is: 2 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
/// The API checks it before a grain is addressed, so a made-up name of any size never becomes a grain key.
/// </summary>
public static partial class Usernames
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex Pattern();

    /// <summary>The length is looked at first, so a huge input costs nothing more than its length.</summary>
    public static bool IsValid(string? username) => username is { Length: >= 2 and <= MaxLength } && Pattern().IsMatch(username);

    public const string Rule = "The username must be 2 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.";

    public const string RuleInChinese = "用户名须为2至64位小写字母、数字或“.”“_”“-”，并以字母或数字开头";
}
