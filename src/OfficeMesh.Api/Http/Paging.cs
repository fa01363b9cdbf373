using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Http;

/// <summary>The list conventions of api.md: <c>?limit=</c> (default 50, max 500), <c>?cursor=</c>, <c>{ items, nextCursor }</c>.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw DomainException.Invalid("limit", $"limit must be between 1 and {MaxLimit}."),
        _ => limit.Value,
    };

    public static ItemPosition? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('|', 2);
            return new ItemPosition(new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
        }
        catch (Exception error) when (error is FormatException or IndexOutOfRangeException or OverflowException or ArgumentException)
        {
            throw DomainException.Invalid("cursor", "The cursor is not one this service gave out.");
        }
    }

    public static string Encode(ItemPosition position) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{position.SubmittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.Id}"));

    public static T? Enum<T>(string? text, string field) where T : struct, System.Enum =>
        text is null ? null
        : Wire.TryParse<T>(text, out var value) ? value
        : throw DomainException.Invalid(field, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetValues<T>().Select(Wire.Name))}.");
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
