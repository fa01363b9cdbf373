using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Api.Information;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Supervision;

/// <summary>How many of the county's cases that are not closed show each light.</summary>
public sealed record LightCounts(int Open, int Green, int Yellow, int Red);

/// <summary>A case that is not closed and is due soon (yellow) or overdue (red).</summary>
public sealed record WatchedCase(string Id, string? Number, string Title, string LeadUnit, DateTimeOffset DueAt, CaseStatus Status, Light Light);

/// <summary>A leader's instruction that became a case, and where the case stands; once closed, its result (果必报).</summary>
public sealed record InstructionCase(string CaseId, string? Number, string Title, string? ItemId, string? Leader, string LeadUnit,
    DateTimeOffset OpenedAt, DateTimeOffset DueAt, CaseStatus Status, Light Light, DateTimeOffset? ClosedAt, string? Result);

public sealed record MonthScores(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ScoreRow> Rows);

/// <summary>领导驾驶舱: the county at a glance for one leader, in one call.</summary>
public sealed record LeaderOverview(DateTimeOffset At, IReadOnlyList<ItemSummary> Emergencies, LightCounts Cases, IReadOnlyList<WatchedCase> Watched,
    IReadOnlyList<InstructionCase> Instructions, MonthScores Scores);

/// <summary>The leaders' page: one answer read from what the county already keeps (the emergency channel, the case index, the month's score partitions).</summary>
public static class LeaderEndpoints
{
    public static void MapLeaderEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/leader/overview", async (HttpContext http, IGrainFactory grains, IOptions<ScoringRules> rules, TimeProvider clock) =>
        {
            var caller = http.User.ToCaller();
            if (caller.CountyCode is not { } county || !caller.IsCounty(Role.Leader, county))
                throw DomainException.Forbidden(zh: "领导驾驶舱仅供本县领导使用", en: "The overview is for the county's leaders.");
            var now = clock.GetUtcNow();
            var today = ChinaTime.StartOfDay(ChinaTime.Day(now));
            var month = ChinaTime.StartOfMonth(now);

            var emergencies = grains.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(county)).Recent(today, Paging.MaxLimit);
            var cases = grains.GetGrain<ICaseIndexGrain>(GrainKeys.CaseIndex(county)).List();
            var scores = grains.GetGrain<IScoreboardGrain>(GrainKeys.Scoreboard(county)).Compute(month, now, rules.Value);
            var profile = grains.GetGrain<IAccountGrain>(GrainKeys.Account(caller.Username)).GetProfile();
            await Task.WhenAll(emergencies, cases, scores, profile);

            var shown = emergencies.Result.Where(item => ItemAccess.CanSee(caller, item)).ToList();
            await SecretReading.RecordAsync(grains, caller, shown, SecretReadPath.List);

            var open = cases.Result.Where(c => c.Status != CaseStatus.Closed)
                .Select(c => (Case: c, Light: Deadlines.LightAt(c.OpenedAt, c.DueAt, now, closedAt: null))).ToList();
            var watched = open.Where(c => c.Light != Light.Green)
                .OrderByDescending(c => c.Light).ThenBy(c => c.Case.DueAt)
                .Select(c => new WatchedCase(c.Case.Id, c.Case.Number, c.Case.Title, c.Case.LeadUnit, c.Case.DueAt, c.Case.Status, c.Light))
                .ToList();
            var counts = new LightCounts(open.Count, open.Count(c => c.Light == Light.Green), open.Count(c => c.Light == Light.Yellow),
                open.Count(c => c.Light == Light.Red));
            var instructions = cases.Result.Where(c => c.InstructedBy(caller.Username, profile.Result?.DisplayName))
                .OrderByDescending(c => c.OpenedAt)
                .Select(c => new InstructionCase(c.Id, c.Number, c.Title, c.SourceRef, c.InstructingLeader, c.LeadUnit, c.OpenedAt, c.DueAt, c.Status,
                    Deadlines.LightAt(c.OpenedAt, c.DueAt, now, c.Status == CaseStatus.Closed ? c.ClosedAt ?? c.DueAt : null), c.ClosedAt, c.ResultText))
                .ToList();
            return Results.Ok(new LeaderOverview(now, shown, counts, watched, instructions, new MonthScores(month, now, scores.Result)));
        })
        .RequireAuthorization(policy => policy.RequireRole(RoleNames.Leader))
        .WithTags("Leaders")
        .WithSummary("领导驾驶舱: today's emergencies of the county (China-time day), its open cases by light with the yellow and red ones, "
            + "the cases opened for this leader's instructions (given under their account, or signed with their name) with status, light and, once closed, "
            + "the result (果必报), and this month's score rows by unit. One call, read from the emergency channel, the case index and the month's partitions.");
    }
}
