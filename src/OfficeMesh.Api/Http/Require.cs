using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>Presence checks for request fields; each failure names the field as the client wrote it.</summary>
public static class Require
{
    public static string Text(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw Missing(field) : value;

    public static T Value<T>(T? value, string field) where T : struct =>
        value ?? throw Missing(field);

    public static IReadOnlyList<T> List<T>(IReadOnlyList<T>? value, string field) =>
        value ?? throw Missing(field);

    private static DomainException Missing(string field) =>
        DomainException.Invalid(field, zh: $"{ChineseNames.Field(field)}不能为空", en: $"The field '{field}' is required.");
}
