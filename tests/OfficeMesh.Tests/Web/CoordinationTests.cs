using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// 协调会商 as the county office and a township see it: the information section asks two townships, one
/// answers (once: a second answer is refused), and the section sees that answer and the other as 未答复.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CoordinationTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    private const string Title = "汛期库区渔船管控会商";

    [Fact]
    public async Task A_coordination_for_two_townships_answered_by_one_shows_the_answer_and_the_other_as_not_answered()
    {
        var county = await SectionCounty.CreateAsync(web);

        // The section starts a consultation for both townships, chosen from the county's units.
        var editor = await web.SignedInPageAsync(county.Editor);
        await editor.GetByRole(AriaRole.Link, new() { Name = "协调会商" }).First.ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "协调会商", Level = 1 })).ToBeVisibleAsync();
        await Expect(editor.GetByText("暂无协调会商事项")).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Link, new() { Name = "发起协调" }).ClickAsync();
        await editor.GetByRole(AriaRole.Radio, new() { Name = "会商" }).CheckAsync();
        await editor.GetByLabel("标题", new() { Exact = true }).FillAsync(Title);
        await editor.GetByLabel("内容", new() { Exact = true }).FillAsync("请各镇于三日内反馈渔船停港与人员转移安排。");
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "千岛湖镇" }).CheckAsync();
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "汾口镇" }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "发 送" }).ClickAsync();

        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = Title })).ToBeVisibleAsync();
        await Expect(editor.Locator(".answer")).ToHaveCountAsync(2);
        await Expect(editor.Locator(".answer").Filter(new() { HasText = "千岛湖镇" })).ToContainTextAsync("未答复");
        await Expect(editor.GetByRole(AriaRole.Button, new() { Name = "提交答复" })).ToHaveCountAsync(0);

        // The township finds it waiting on it, in two tabs; it answers in the first.
        var township = await web.SignedInPageAsync(county.Officer);
        await township.GotoAsync("/coordination");
        var waiting = township.GetByRole(AriaRole.Listitem).Filter(new() { HasText = Title });
        await Expect(waiting).ToContainTextAsync("待本单位答复");
        await Expect(waiting).ToContainTextAsync("会商");
        await waiting.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await Expect(township.GetByRole(AriaRole.Button, new() { Name = "提交答复" })).ToBeVisibleAsync();
        var secondTab = await web.SignedInPageAsync(county.Officer);
        await secondTab.GotoAsync(township.Url);
        await Expect(secondTab.GetByRole(AriaRole.Button, new() { Name = "提交答复" })).ToBeVisibleAsync();

        await township.GetByRole(AriaRole.Radio, new() { Name = "同意" }).CheckAsync();
        await township.GetByLabel("答复内容").FillAsync("同意，全镇渔船已于今日16时前全部回港。");
        await township.GetByRole(AriaRole.Button, new() { Name = "提交答复" }).ClickAsync();
        var ours = township.Locator(".answer").Filter(new() { HasText = "千岛湖镇" });
        await Expect(ours).ToContainTextAsync("同意");
        await Expect(ours).ToContainTextAsync("全镇渔船已于今日16时前全部回港");
        await Expect(township.GetByRole(AriaRole.Button, new() { Name = "提交答复" })).ToHaveCountAsync(0);

        // The second tab still shows the form; the server refuses a second answer, and says why.
        await secondTab.GetByRole(AriaRole.Radio, new() { Name = "反对" }).CheckAsync();
        await secondTab.GetByLabel("答复内容").FillAsync("再答复一次");
        await secondTab.GetByRole(AriaRole.Button, new() { Name = "提交答复" }).ClickAsync();
        await Expect(secondTab.GetByText("本单位已经答复过")).ToBeVisibleAsync();
        await Expect(secondTab.Locator(".answer").Filter(new() { HasText = "千岛湖镇" })).ToContainTextAsync("同意");

        // The section sees the answer and the other township as 未答复, on the page and in its list.
        await editor.ReloadAsync();
        var answered = editor.Locator(".answer").Filter(new() { HasText = "千岛湖镇" });
        await Expect(answered).ToContainTextAsync("同意");
        await Expect(answered).ToContainTextAsync("全镇渔船已于今日16时前全部回港");
        await Expect(editor.Locator(".answer").Filter(new() { HasText = "汾口镇" })).ToContainTextAsync("未答复");
        await Expect(editor.GetByText("已答复 1 / 2")).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Link, new() { Name = "协调会商" }).First.ClickAsync();
        var listed = editor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = Title });
        await Expect(listed).ToContainTextAsync("本单位发起");
        await Expect(listed.Locator(".answer-tag").Filter(new() { HasText = "千岛湖镇" })).ToContainTextAsync("同意");
        await Expect(listed.Locator(".answer-tag").Filter(new() { HasText = "汾口镇" })).ToContainTextAsync("未答复");
    }

    [Fact]
    public async Task A_township_cannot_start_a_coordination_and_sees_only_its_own()
    {
        var county = await SectionCounty.CreateAsync(web);
        var editor = await county.EditorApiAsync(web);
        (await editor.PostAsync("/api/v1/coordinations", new
        {
            title = "只发汾口镇的协调", body = "请汾口镇答复", kind = "coordination", units = new[] { county.QuietTown }, dueAt = DateTimeOffset.UtcNow.AddDays(2),
        })).AssertStatus(HttpStatusCode.Created);

        var township = await web.SignedInPageAsync(county.Officer);
        await township.GotoAsync("/coordination");
        await Expect(township.GetByText("暂无协调会商事项")).ToBeVisibleAsync();
        await Expect(township.GetByRole(AriaRole.Link, new() { Name = "发起协调" })).ToHaveCountAsync(0);
    }
}
