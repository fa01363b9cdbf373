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
        < 1 or > MaxLimit => throw DomainException.Invalid("limit", zh: $"每页条数须在1到{MaxLimit}之间", en: $"limit must be between 1 and {MaxLimit}."),
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
            throw UnknownCursor();
        }
    }

    public static string Encode(ItemPosition position) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{position.SubmittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.Id}"));

    public static T? Enum<T>(string? text, string field) where T : struct, System.Enum =>
        text is null ? null
        : Wire.TryParse<T>(text, out var value) ? value
        : throw DomainException.Invalid(field,
            zh: $"{ChineseNames.Field(field)}的取值“{text}”无效，可选值：{string.Join("、", System.Enum.GetValues<T>().Select(Wire.Name))}",
            en: $"'{text}' is not one of: {string.Join(", ", System.Enum.GetValues<T>().Select(Wire.Name))}.");

    /// <summary>A position in a list kept by offset (cases, units, issues): the cursor is the number of entries already read.</summary>
    public static int Offset(string? cursor) =>
        cursor is null ? 0
        : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw UnknownCursor();

    /// <summary>One page of an in-memory list read by offset.</summary>
    public static Page<T> Slice<T>(IReadOnlyList<T> all, string? cursor, int? limit)
    {
        var offset = Offset(cursor);
        var pageSize = Limit(limit);
        var page = all.Skip(offset).Take(pageSize).ToList();
        return new Page<T>(page, offset + pageSize < all.Count ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : null);
    }

    private static DomainException UnknownCursor() =>
        DomainException.Invalid("cursor", zh: "翻页位置无效，请从第一页重新查询", en: "The cursor is not one this service gave out.");
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
