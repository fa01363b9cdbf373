using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>
/// What a person reads in a refusal follows Accept-Language: Chinese by default, English for "en",
/// whether the refusal comes from the gateway, the API, a grain across the Orleans wire, or a status page.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class ProblemLanguageTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_missing_field_is_named_in_Chinese_by_default_and_in_English_on_request()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var noTitle = new { body = "正文", topic = "focus", kind = "dynamic" };

        var chinese = (await county.Officer1.PostAsync("/api/v1/items", noTitle)).AssertProblem(HttpStatusCode.BadRequest, "title");
        Assert.Equal("请求有误", Text(chinese, "title"));
        Assert.Equal("标题不能为空", Text(chinese, "detail"));
        Assert.Equal(["标题不能为空"], Errors(chinese, "title"));

        var english = (await county.Officer1.Accepting("en").PostAsync("/api/v1/items", noTitle)).AssertProblem(HttpStatusCode.BadRequest, "title");
        Assert.Equal("Invalid request", Text(english, "title"));
        Assert.Equal(["The field 'title' is required."], Errors(english, "title"));
    }

    [Fact]
    public async Task A_grains_refusal_crosses_the_wire_in_both_languages()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("防汛准备情况"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "录用" })).AssertStatus(HttpStatusCode.OK);

        var again = new { decision = "return", comment = "请修改" };
        var chinese = (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", again)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("当前状态不允许此操作", Text(chinese, "title"));
        Assert.Equal("该信息当前为“已录用”，不能审核", Text(chinese, "detail"));
        var english = (await county.Editor.Accepting("en-US,en;q=0.9").PostAsync($"/api/v1/items/{id}/reviews", again)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("Cannot review an item that is accepted.", Text(english, "detail"));

        // A county office's own officer may not submit: the grain says who may.
        var refused = (await county.CountyOfficer.PostAsync("/api/v1/items", CountySetup.Routine("县两办自报"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("无权操作", Text(refused, "title"));
        Assert.Equal("只有乡镇、部门的信息员可以报送信息", Text(refused, "detail"));
    }

    [Fact]
    public async Task Chinese_is_kept_when_the_browser_prefers_it_or_asks_for_a_language_OfficeMesh_does_not_speak()
    {
        var admin = await server.AdminAsync();
        foreach (var languages in new[] { "zh-CN,zh;q=0.9,en;q=0.8", "fr-FR", "en;q=0.5,zh-TW;q=0.8", "*" })
        {
            var problem = (await admin.Accepting(languages).GetAsync("/api/v1/units/no-such-unit")).AssertProblem(HttpStatusCode.NotFound);
            Assert.True(Text(problem, "detail") == "单位“no-such-unit”不存在", $"{languages}: {problem.ToJsonString()}");
        }
        var english = (await admin.Accepting("fr-FR,en;q=0.7").GetAsync("/api/v1/units/no-such-unit")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("There is no unit 'no-such-unit'.", Text(english, "detail"));
    }

    [Fact]
    public async Task The_gateways_and_the_status_pages_refusals_speak_the_callers_language()
    {
        var anonymous = (await server.Anonymous.GetAsync("/api/v1/units/anything")).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("身份验证失败", Text(anonymous, "title"));
        Assert.Equal("请先登录；如已登录，可能登录已过期，请重新登录", Text(anonymous, "detail"));
        Assert.Equal("Not authenticated", Text((await server.Anonymous.Accepting("en").GetAsync("/api/v1/units/anything")).AssertProblem(HttpStatusCode.Unauthorized), "title"));

        var admin = await server.AdminAsync();
        var name = new string('x', EmbeddedServerFixture.MaxRequestBodyBytes + 1);
        var tooLarge = (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("big"), name, kind = "county-office" })).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("请求内容过大", Text(tooLarge, "title"));
        Assert.Equal($"请求内容不能超过{EmbeddedServerFixture.MaxRequestBodyBytes}字节", Text(tooLarge, "detail"));

        var wrongPassword = (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "admin", password = "not-the-password" }))
            .AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("用户名或密码错误", Text(wrongPassword, "detail"));

        // A role the endpoint does not admit: the API's status page, not a handler, answers.
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var notAnEditor = (await county.Officer1.PostAsync("/api/v1/notices", new { title = "通报", body = "内容" })).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("当前账号无权进行此操作", Text(notAnEditor, "detail"));
        var english = (await county.Officer1.Accepting("en").PostAsync("/api/v1/notices", new { title = "通报", body = "内容" })).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("This account may not do this.", Text(english, "detail"));
    }

    [Fact]
    public async Task Unreadable_values_and_unknown_choices_are_explained_in_Chinese()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var wrongTopic = (await county.Officer1.PostAsync("/api/v1/items", new { title = "标题", body = "正文", topic = "urgent", kind = "dynamic" }))
            .AssertProblem(HttpStatusCode.BadRequest, "topic");
        Assert.Equal("类别的取值“urgent”无效，可选值：focus、hot、difficulty、highlight", Errors(wrongTopic, "topic").Single());

        var badTime = (await county.Officer1.PostRawAsync("/api/v1/items", """{"title":"标题","body":"正文","topic":"hot","kind":"emergency","occurredAt":"yesterday"}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "occurredAt");
        Assert.Equal("发生时间的值类型或格式不正确", Errors(badTime, "occurredAt").Single());
    }

    private static string Text(JsonNode problem, string member) => problem[member]!.GetValue<string>();

    private static string[] Errors(JsonNode problem, string field) =>
        problem["errors"]![field]!.AsArray().Select(message => message!.GetValue<string>()).ToArray();
}
