using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>Presence checks for request fields; each failure names the field as the client wrote it.</summary>
public static class Require
{
    public static string Text(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainException.Invalid(field, $"The field '{field}' is required.") : value;

    public static T Value<T>(T? value, string field) where T : struct =>
        value ?? throw DomainException.Invalid(field, $"The field '{field}' is required.");

    public static IReadOnlyList<T> List<T>(IReadOnlyList<T>? value, string field) =>
        value ?? throw DomainException.Invalid(field, $"The field '{field}' is required.");
}
