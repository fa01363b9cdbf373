using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Supervision;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>The information section's own work: 综合信息, 编辑加工, its review backlog, and the score table's rates and authors.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class SectionWorkTests(EmbeddedServerFixture server)
{
    private static readonly int Year = DateTimeOffset.UtcNow.Year;

    [Fact]
    public async Task A_composite_credits_each_source_unit_as_accepted_and_as_published_with_the_composite()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var a = await AcceptedAsync(c, c.Officer1, "千岛湖镇秋收进度");
        var b = await AcceptedAsync(c, c.Officer2, "文昌镇秋收进度");
        var pending = (await c.Officer3.PostAsync("/api/v1/items", CountySetup.Routine("石林镇秋收进度"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync("/api/v1/items/composite", Composite(a, pending))).AssertProblem(HttpStatusCode.Conflict);

        var composite = (await c.Editor.PostAsync("/api/v1/items/composite", Composite(a, b))).AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Equal([c.Town1, c.Town2], composite["sources"]!.AsArray().Select(s => s!["unitCode"]!.GetValue<string>()));
        Assert.Equal("merged", (await c.Officer1.GetAsync($"/api/v1/items/{a}")).Json!["status"]!.GetValue<string>());
        var before = await ScoreRowsAsync(c);
        Assert.Equal(1, before[c.Town1]["accepted"]!.GetValue<int>());
        Assert.Equal(0, before[c.Town1]["published"]!.GetValue<int>());

        (await c.Editor.PostAsync($"/api/v1/periodicals/{Year}/issues", new { entries = new[] { new { itemId = composite["id"]!.GetValue<string>(), column = "综合" } } }))
            .AssertStatus(HttpStatusCode.Created);
        var after = await ScoreRowsAsync(c);
        Assert.Equal(1, after[c.Town1]["published"]!.GetValue<int>());
        Assert.Equal(1, after[c.Town2]["published"]!.GetValue<int>());
    }

    [Fact]
    public async Task Editing_an_accepted_item_keeps_the_submitted_text_in_its_history()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = await AcceptedAsync(c, c.Officer1, "原始标题");
        var edited = (await c.Editor.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}/text", new { title = "编辑后标题", body = "编辑后正文。", note = "压缩篇幅" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("编辑后标题", edited["title"]!.GetValue<string>());
        var entry = Assert.Single(edited["history"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "edited")!;
        Assert.Contains("原标题：原始标题", entry["detail"]!.GetValue<string>());
        Assert.Contains("原始标题：详细情况如下。", entry["detail"]!.GetValue<string>());

        var submitted = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("未审核"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.SendAsync(HttpMethod.Put, $"/api/v1/items/{submitted}/text", new { title = "改", body = "改" })).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_sections_inbox_shows_what_waits_for_review_in_each_channel_and_since_when()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var first = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("常规一"))).Json!;
        await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("常规二"));
        await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("群众反映", "hot", "public-sentiment"));
        var reviewed = (await c.Officer3.PostAsync("/api/v1/items", CountySetup.Routine("网上舆情", "hot", "internet-opinion"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{reviewed}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);

        var waiting = InstructionFollowThroughTests.Inbox(await c.Editor.GetAsync("/api/v1/inbox"), "reviews-waiting").ToDictionary(e => e["id"]!.GetValue<string>());
        Assert.Equal(["public-sentiment", "routine"], waiting.Keys.Order());
        Assert.Equal("2", waiting["routine"]["detail"]!.GetValue<string>());
        Assert.Equal(first["submittedAt"]!.GetValue<DateTimeOffset>(), waiting["routine"]["since"]!.GetValue<DateTimeOffset>());
        Assert.Equal("1", waiting["public-sentiment"]["detail"]!.GetValue<string>());
        Assert.Empty(InstructionFollowThroughTests.Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "reviews-waiting"));
    }

    [Fact]
    public async Task Score_rows_carry_the_adoption_rate_and_authors_are_ranked_as_units_are()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        await AcceptedAsync(c, c.Officer1, "采用的一条");
        await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("未审核的一条"));
        await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("文昌镇一条"));

        var rows = await ScoreRowsAsync(c);
        Assert.Equal(0.5, rows[c.Town1]["adoptionRate"]!.GetValue<double>());
        Assert.Equal(0, rows[c.Town3]["adoptionRate"]!.GetValue<double>());

        var authors = (await c.Officer3.GetAsync($"/api/v1/scores/authors?from={Year}-01-01")).AssertStatus(HttpStatusCode.OK).Json!["rows"]!.AsArray();
        Assert.Equal([c.Town1, c.Town2], authors.Select(row => row!["unitCode"]!.GetValue<string>()));
        Assert.Equal(1, authors[0]!["rank"]!.GetValue<int>());
        Assert.Equal(0.5, authors[0]!["adoptionRate"]!.GetValue<double>());
        Assert.Equal(2, authors[0]!["submitted"]!.GetValue<int>());
    }

    private static object Composite(params string[] sources) =>
        new { title = "全县秋收进度综合", body = "各乡镇秋收进度综合如下。", topic = "focus", kind = "dynamic", sourceItemIds = sources };

    private static async Task<string> AcceptedAsync(CountySetup c, ApiClient officer, string title)
    {
        var id = (await officer.PostAsync("/api/v1/items", CountySetup.Routine(title))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);
        return id;
    }

    private static async Task<Dictionary<string, JsonNode>> ScoreRowsAsync(CountySetup c) =>
        (await c.Editor.GetAsync("/api/v1/scores")).AssertStatus(HttpStatusCode.OK).Json!["rows"]!.AsArray()
            .ToDictionary(row => row!["unitCode"]!.GetValue<string>(), row => row!);
}
