using System.Diagnostics;
using System.Net;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// The county the leaders' page is timed on, set up through the API: its 40 townships' items, 500 open cases
/// spread over its units (some due within the set-up, so they are red when timed), cases opened for the
/// leader's instructions (some closed with a result), and today's emergencies. The smoke run loads a
/// tenth of it, with deadlines seconds away, so CI checks the same steps in seconds.
/// </summary>
/// <remarks>
/// The API stamps every item and case with the server's clock; nothing can be back-dated through it, so the
/// "year of items" is submitted now: all of it lands in this month's partition, which is what the page's
/// month scores read (a harder case than a year spread over twelve months).
/// </remarks>
public sealed record LeaderCounty(int Townships, int OpenCases, int Instructions, int ClosedInstructions, int Emergencies, TimeSpan RedWithin)
{
    public static readonly LeaderCounty Full = new(Townships: 40, OpenCases: 500, Instructions: 30, ClosedInstructions: 15, Emergencies: 20, RedWithin: TimeSpan.FromSeconds(20));
    public static readonly LeaderCounty Smoke = new(Townships: 4, OpenCases: 50, Instructions: 6, ClosedInstructions: 3, Emergencies: 4, RedWithin: TimeSpan.FromSeconds(3));

    /// <summary>Sets the county up and returns the leader's username and a line saying what was loaded.</summary>
    public async Task<(string Leader, string Described)> SetUpAsync(HttpClient http, string adminPassword, string county,
        IReadOnlyList<Officer> officers, int items, Action<string> log, CancellationToken cancellationToken)
    {
        var admin = await JsonApi.SignInAsync(http, "admin", adminPassword, cancellationToken);
        var leader = await CountyDirectory.CreateAccountAsync(http, admin, county, "leader", cancellationToken);
        var supervisor = await CountyDirectory.CreateAccountAsync(http, admin, county, "supervisor", cancellationToken);
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };

        await Parallel.ForAsync(0, Emergencies, parallel, async (index, token) =>
            await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/items", officers[index % officers.Count].Token, new
            {
                title = $"第{index + 1}起突发事件：道路塌方", body = "现场已设置警戒。", topic = "hot", kind = "emergency",
                occurredAt = DateTimeOffset.UtcNow.AddMinutes(-20),
            }, HttpStatusCode.Created, token));

        // The leader's instructions, each opening a case; half of them closed with the lead unit's result (果必报).
        var instructed = new string[Instructions];
        await Parallel.ForAsync(0, Instructions, parallel, async (index, token) =>
        {
            var officer = officers[index % officers.Count];
            var item = await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/items", officer.Token, new
            {
                title = $"第{index + 1}条问题反映：库区安全隐患", body = "需要县级部门协调解决。", topic = "difficulty", kind = "problem",
            }, HttpStatusCode.Created, token);
            var itemId = item!["id"]!.GetValue<string>();
            var given = await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{itemId}/instructions", leader, new
            {
                leader = "县长", level = "county", text = "请相关部门抓紧研究解决。",
                openCase = new { leadUnit = officer.Unit, dueAt = DateTimeOffset.UtcNow.AddDays(15) },
            }, HttpStatusCode.OK, token);
            instructed[index] = given!["instructions"]![0]!["caseId"]!.GetValue<string>();
            if (index < ClosedInstructions)
            {
                await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/cases/{instructed[index]}/result", officer.Token,
                    new { text = "已完成整改，隐患已消除。" }, HttpStatusCode.OK, token);
                await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/cases/{instructed[index]}/close", supervisor, new { }, HttpStatusCode.OK, token);
            }
        });

        // The open cases: one in five due within the set-up (red by the time the page is timed), the rest within weeks.
        var assigned = OpenCases - (Instructions - ClosedInstructions);
        await Parallel.ForAsync(0, assigned, parallel, async (index, token) =>
            await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/cases", supervisor, new
            {
                title = $"第{index + 1}项重点工作督办", description = "按期办结并报送结果。", source = "assigned",
                leadUnit = officers[index % officers.Count].Unit,
                coUnits = new[] { officers[(index + 1) % officers.Count].Unit },
                dueAt = index % 5 == 0 ? DateTimeOffset.UtcNow.Add(RedWithin) : DateTimeOffset.UtcNow.AddDays(7 + index % 30),
            }, HttpStatusCode.Created, token));
        // On a quick machine the set-up ends before the short deadlines: wait them out, so those cases are red.
        await Task.Delay(RedWithin + TimeSpan.FromSeconds(1), cancellationToken);
        log($"  leader's county: {Emergencies} emergencies, {Instructions} instructions ({ClosedInstructions} closed with a result), " +
            $"{assigned} assigned cases in {clock.Elapsed.TotalSeconds:F1} s.");
        return ($"leader-{county}", $"{officers.Count} townships, {items + Emergencies + Instructions:N0} items, {OpenCases} open cases " +
            $"({(assigned + 4) / 5} of them due during the set-up, red when timed) and {ClosedInstructions} closed ones from the leader's {Instructions} instructions, {Emergencies} emergencies today");
    }
}
