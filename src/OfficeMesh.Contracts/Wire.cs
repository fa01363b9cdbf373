using System.Text.Json;

namespace OfficeMesh.Contracts;

/// <summary>Enumeration values as they are written on the wire (kebab-case), for messages that quote them.</summary>
public static class Wire
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Name(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
