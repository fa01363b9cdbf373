using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

[Collection(EmbeddedServerCollection.Name)]
public sealed class UpperOfficeAndNoticeTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task Upper_offices_act_only_at_their_own_level_on_what_reached_them()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("经验做法", "highlight", "experience"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "好" })).AssertStatus(HttpStatusCode.OK);
        (await c.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" })).AssertStatus(HttpStatusCode.OK);
        (await c.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" })).AssertProblem(HttpStatusCode.Conflict);

        (await c.CityLiaison.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "province", publication = "浙江信息" })).AssertProblem(HttpStatusCode.Forbidden);
        (await c.CityLiaison.PostAsync($"/api/v1/items/{id}/instructions", new { leader = "省长", level = "province", text = "推广" })).AssertProblem(HttpStatusCode.Forbidden);
        (await c.CityLiaison.PostAsync($"/api/v1/items/{id}/instructions", new { leader = "市委书记", level = "city", text = "值得推广" })).AssertStatus(HttpStatusCode.OK);
        (await c.ProvinceLiaison.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "province", publication = "浙江信息" })).AssertProblem(HttpStatusCode.NotFound);

        (await c.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "province" })).AssertStatus(HttpStatusCode.OK);
        (await c.ProvinceLiaison.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "province", publication = "浙江信息" })).AssertStatus(HttpStatusCode.OK);
        (await c.ProvinceLiaison.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "national", publication = "国办信息" })).AssertProblem(HttpStatusCode.Forbidden);
        var item = (await c.Editor.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "national", publication = "国办信息" })).AssertStatus(HttpStatusCode.OK).Json!;

        Assert.Equal(["province", "national"], item["adoptions"]!.AsArray().Select(a => a!["level"]!.GetValue<string>()));
        Assert.Equal(["city", "province"], item["forwards"]!.AsArray().Select(f => f!["level"]!.GetValue<string>()));
        Assert.Equal("city", item["instructions"]![0]!["level"]!.GetValue<string>());
        Assert.Equal([id], (await c.ProvinceLiaison.GetAsync("/api/v1/upper/inbox")).Json!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Notices_reach_their_audience_and_no_other_county()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var toAll = (await c.Editor.PostAsync("/api/v1/notices", new { title = "本月报送要点", body = "请围绕防汛报送", keyPoints = new[] { "防汛", "安全生产" } }))
            .AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Equal(["防汛", "安全生产"], toAll["keyPoints"]!.AsArray().Select(k => k!.GetValue<string>()));
        (await c.Editor.PostAsync("/api/v1/notices", new { title = "千岛湖镇采用情况", body = "本月采用2篇", audience = new[] { c.Town1 } })).AssertStatus(HttpStatusCode.Created);
        (await c.Editor.PostAsync("/api/v1/notices", new { title = "x", body = "y", audience = new[] { c.OtherTown } })).AssertProblem(HttpStatusCode.BadRequest, "audience");

        string[] Titles(ApiResponse response) => response.AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()).ToArray();
        Assert.Equal(["千岛湖镇采用情况", "本月报送要点"], Titles(await c.Officer1.GetAsync("/api/v1/notices")));
        Assert.Equal(["本月报送要点"], Titles(await c.Officer2.GetAsync("/api/v1/notices")));
        Assert.Empty(Titles(await c.OtherOfficer.GetAsync("/api/v1/notices")));
    }
}
