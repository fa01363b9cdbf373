using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Api.Audit;

/// <summary>The admin's view of the audit log: <c>GET /api/v1/audit</c>, newest first.</summary>
public static class AuditEndpoints
{
    /// <summary>Without <c>from</c>, the query looks this far back from <c>to</c>.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary>The longest period one query may span.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public static void MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", ReadAudit)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Admin))
            .WithTags("Audit")
            .Refuses(400, 401, 403)
            .WithSummary("The audit log, newest first: sign-ins (failed ones too), every change, every refused access, every read of a secret item.");
    }

    public static async Task<Ok<Page<AuditEntry>>> ReadAudit(IAuditLog audit, TimeProvider clock, string? actor, string? action,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var until = to ?? clock.GetUtcNow();
        var since = from ?? until - DefaultPeriod;
        if (since > until)
            throw DomainException.Invalid("from", zh: "开始日期不能晚于结束日期", en: "from must not be later than to.");
        if (until - since > MaxPeriod)
            throw DomainException.Invalid("from", zh: $"一次查询最多跨 {MaxPeriod.TotalDays:0} 天，请缩小起止日期", en: $"One query spans at most {MaxPeriod.TotalDays:0} days; narrow from and to.");

        var pageSize = Paging.Limit(limit);
        var records = await audit.ReadAsync(new AuditQuery(since, until, Blank(actor), Blank(action), Decode(cursor), pageSize + 1), cancellationToken);
        var page = records.Take(pageSize).ToList();
        var next = records.Count > pageSize ? Encode(page[^1].Position) : null;
        return TypedResults.Ok(new Page<AuditEntry>(page.ConvertAll(record => record.Entry), next));
    }

    /// <summary>Makes a sign-in's entry name the account it tried, which no token says yet.</summary>
    public static TBuilder RecordsSignInAccount<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (context.Arguments.OfType<TokenRequest>().FirstOrDefault() is { Username: { Length: > 0 } username })
                AuditSubject.Set(context.HttpContext, new AuditSubject(username, $"accounts/{username}"));
            return await next(context);
        });

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Encode(AuditPosition position) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(
            $"{position.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.Sequence.ToString(CultureInfo.InvariantCulture)}"));

    private static AuditPosition? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('|', 2);
            return new AuditPosition(new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero),
                long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception error) when (error is FormatException or IndexOutOfRangeException or OverflowException or ArgumentException)
        {
            throw DomainException.Invalid("cursor", zh: "翻页标记无效", en: "The cursor is not one this service gave out.");
        }
    }
}
