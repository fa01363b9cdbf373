using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Contracts;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Documents;

/// <summary>Each spreadsheet holds what its JSON endpoint returns for the same filters: numbers as numbers, dates as dates, header frozen.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class SpreadsheetExportTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task The_score_table_lists_units_with_their_adoption_rate_then_authors_as_GET_scores_counts_them()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        await SubmitAsync(c, c.Officer1, "甲", accept: true);
        await SubmitAsync(c, c.Officer1, "乙", accept: true);
        await SubmitAsync(c, c.Officer1, "丙", accept: false);
        await SubmitAsync(c, c.Officer2, "丁", accept: true);

        var json = (await c.Editor.GetAsync("/api/v1/scores")).AssertStatus(HttpStatusCode.OK).Json!;
        var download = await Downloads.GetOkAsync(c.Editor, "/api/v1/scores/export");
        Assert.StartsWith("信息工作考核通报（", download.FileName);
        var sheets = Downloads.ReadWorkbook(download.Bytes);
        Assert.Equal(["单位得分", "作者得分"], sheets.Select(sheet => sheet.Name));

        var units = sheets[0];
        AssertLaidOut(units);
        var rows = json["rows"]!.AsArray();
        Assert.Equal(rows.Count, units.Rows.Count - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i]!;
            Assert.Equal(row["unitCode"]!.GetValue<string>(), units.Cells("单位代码")[i].Text);
            foreach (var (header, field) in new[] { ("名次", "rank"), ("报送", "submitted"), ("录用", "accepted"), ("编发", "published"), ("得分", "points") })
            {
                Assert.True(units.Cells(header)[i].IsNumber, $"{header} is a number");
                Assert.Equal(row[field]!.GetValue<int>(), units.Cells(header)[i].Number);
            }
            Assert.Equal(row["adoptionRate"]!.GetValue<double>(), units.Cells("采用率")[i].Number, 6);
        }
        var town1 = units.Cells("单位代码").ToList().FindIndex(cell => cell.Text == c.Town1);
        Assert.Equal("千岛湖镇", units.Cells("单位名称")[town1].Text);
        Assert.Equal(2.0 / 3, units.Cells("采用率")[town1].Number, 4);
        Assert.Equal("0.0%", units.Cells("采用率")[town1].NumberFormat);

        var authors = sheets[1];
        AssertLaidOut(authors);
        var officer1 = await UsernameAsync(c.Officer1);
        var author = authors.Cells("用户名").ToList().FindIndex(cell => cell.Text == officer1);
        Assert.True(author >= 0, "Officer 1 has a row.");
        Assert.Equal(3, authors.Cells("报送")[author].Number);
        Assert.Equal(2, authors.Cells("录用")[author].Number);
        Assert.Equal(c.Town1, authors.Cells("单位代码")[author].Text);
        Assert.Equal(1, authors.Cells("名次")[author].Number);
        Assert.Equal(2, authors.Rows.Count - 1);
    }

    [Fact]
    public async Task The_item_list_exports_what_the_list_returns_for_the_same_filters_and_access()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        for (var i = 0; i < 5; i++)
            await SubmitAsync(c, c.Officer1, $"千岛湖信息{i}", accept: i % 2 == 0);
        await SubmitAsync(c, c.Officer2, "文昌信息", accept: true);

        foreach (var (client, query) in new[] { (c.Editor, $"unit={c.Town1}&status=accepted"), (c.Editor, ""), (c.Officer1, "status=submitted") })
        {
            var json = (await client.GetAsync($"/api/v1/items?limit=500&{query}")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
            var download = await Downloads.GetOkAsync(client, $"/api/v1/items/export?{query}");
            Assert.StartsWith("信息列表", download.FileName);
            var sheet = Assert.Single(Downloads.ReadWorkbook(download.Bytes));
            AssertLaidOut(sheet);
            Assert.Equal(json.Select(item => item!["id"]!.GetValue<string>()), sheet.Cells("编号").Select(cell => cell.Text));
            Assert.Equal(json.Select(item => item!["title"]!.GetValue<string>()), sheet.Cells("标题").Select(cell => cell.Text));
            for (var i = 0; i < json.Count; i++)
            {
                var submittedAt = ChinaTime.Of(json[i]!["submittedAt"]!.GetValue<DateTimeOffset>()).DateTime;
                var cell = sheet.Cells("报送时间")[i];
                Assert.True(cell.IsNumber, "报送时间 is a date");
                Assert.Equal(submittedAt, DateTime.FromOADate(cell.Number), TimeSpan.FromSeconds(1));
                Assert.Equal("yyyy-MM-dd HH:mm", cell.NumberFormat);
            }
        }
        Assert.Equal(3, Downloads.ReadWorkbook((await Downloads.GetOkAsync(c.Editor, $"/api/v1/items/export?unit={c.Town1}&status=accepted")).Bytes)[0].Rows.Count - 1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Downloads.GetAsync(c.Officer1, $"/api/v1/items/export?unit={c.Town2}")).Status);
    }

    [Fact]
    public async Task The_case_ledger_exports_the_listed_cases_and_a_summary_per_lead_unit()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var closedCase = await OpenCaseAsync(c, "道路修复", c.Town1);
        await OpenCaseAsync(c, "河道清理", c.Town1);
        await OpenCaseAsync(c, "集镇整治", c.Town2);
        (await c.Officer1.PostAsync($"/api/v1/cases/{closedCase}/result", new { text = "已修复" })).AssertStatus(HttpStatusCode.OK);
        (await c.Supervisor.PostAsync($"/api/v1/cases/{closedCase}/close", new { })).AssertStatus(HttpStatusCode.OK);

        var json = (await c.Supervisor.GetAsync("/api/v1/cases?limit=500")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        var download = await Downloads.GetOkAsync(c.Leader, "/api/v1/cases/export");
        Assert.StartsWith("督办台账", download.FileName);
        var sheets = Downloads.ReadWorkbook(download.Bytes);
        Assert.Equal(["督办台账", "单位汇总"], sheets.Select(sheet => sheet.Name));
        var ledger = sheets[0];
        AssertLaidOut(ledger);
        Assert.Equal(json.Select(entry => entry!["title"]!.GetValue<string>()), ledger.Cells("督办事项").Select(cell => cell.Text));
        for (var i = 0; i < json.Count; i++)
        {
            var number = (await c.Supervisor.GetAsync($"/api/v1/cases/{json[i]!["id"]!.GetValue<string>()}")).Json!["number"]!.GetValue<string>();
            Assert.Equal(number, ledger.Cells("督办编号")[i].Text);
            Assert.Equal(ChinaTime.Of(json[i]!["dueAt"]!.GetValue<DateTimeOffset>()).DateTime, DateTime.FromOADate(ledger.Cells("办理期限")[i].Number), TimeSpan.FromSeconds(1));
        }
        Assert.Equal("已办结", ledger.Cells("状态")[ledger.Cells("督办事项").ToList().FindIndex(cell => cell.Text == "道路修复")].Text);

        var summary = sheets[1];
        AssertLaidOut(summary);
        var town1 = summary.Cells("单位代码").ToList().FindIndex(cell => cell.Text == c.Town1);
        Assert.Equal("千岛湖镇", summary.Cells("单位名称")[town1].Text);
        Assert.Equal(2, summary.Cells("牵头件数")[town1].Number);
        Assert.Equal(0.5, summary.Cells("办结率")[town1].Number, 6);
        Assert.Equal(0.5, summary.Cells("按期办结率")[town1].Number, 6);
        Assert.Equal(0, summary.Cells("超期件数")[town1].Number);

        var filtered = Downloads.ReadWorkbook((await Downloads.GetOkAsync(c.Supervisor, $"/api/v1/cases/export?unit={c.Town2}")).Bytes)[0];
        Assert.Equal(["集镇整治"], filtered.Cells("督办事项").Select(cell => cell.Text));
        Assert.Equal(HttpStatusCode.Forbidden, (await Downloads.GetAsync(c.Officer1, "/api/v1/cases/export")).Status);
    }

    private static void AssertLaidOut(ReadSheet sheet)
    {
        Assert.Equal(1, sheet.FrozenRows);
        Assert.Equal(sheet.Headers.Count, sheet.ColumnWidths.Count);
        for (var i = 0; i < sheet.Headers.Count; i++)
        {
            var widest = sheet.Rows.Select(row => i < row.Count ? row[i].Text : "").Max(text => text.Sum(ch => ch > 0x2E80 ? 2.0 : 1.0));
            var shownAsNumber = sheet.Rows.Skip(1).Any(row => i < row.Count && row[i].IsNumber);
            // Numbers and dates are shown shorter than their stored digits; text must fit whole.
            Assert.True(shownAsNumber || sheet.ColumnWidths[i] >= widest, $"{sheet.Name}: column {sheet.Headers[i]} is {sheet.ColumnWidths[i]} wide for {widest}.");
        }
    }

    private static async Task<string> UsernameAsync(ApiClient client) =>
        (await client.GetAsync("/api/v1/me")).AssertStatus(HttpStatusCode.OK).Json!["username"]!.GetValue<string>();

    private static async Task SubmitAsync(CountySetup c, ApiClient officer, string title, bool accept)
    {
        var id = (await officer.PostAsync("/api/v1/items", CountySetup.Routine(title))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        if (accept)
            (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);
    }

    private static async Task<string> OpenCaseAsync(CountySetup c, string title, string leadUnit) =>
        (await c.Supervisor.PostAsync("/api/v1/cases", new { title, description = "按期完成", source = "work-plan", leadUnit, dueInWorkingDays = 10 }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
}
