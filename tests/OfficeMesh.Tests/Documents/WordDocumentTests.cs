using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OfficeMesh.Contracts;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Documents;

/// <summary>The periodical issue and the 督办通知单 as the offices print them: read back from the downloaded .docx.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class WordDocumentTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_periodical_issue_downloads_in_the_bulletin_layout_with_every_entry_its_unit_and_the_distribution_block()
    {
        var (c, year, issue) = await PublishIssueAsync();

        var download = await Downloads.GetOkAsync(c.Officer2, $"/api/v1/periodicals/{year}/issues/{issue}/document");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.MediaType);
        Assert.Equal($"淳安信息{year}年第{issue}期.docx", download.FileName);

        using var document = WordprocessingDocument.Open(new MemoryStream(download.Bytes), false);
        Downloads.AssertValid(document);
        var body = document.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().ToList();
        var text = string.Join("\n", paragraphs.Select(paragraph => paragraph.InnerText));

        var masthead = RunWith(body, "淳安信息");
        Assert.Equal(OfficialFont.Title, masthead.RunProperties!.RunFonts!.EastAsia!.Value);
        Assert.Equal("FF0000", masthead.RunProperties.Color!.Val!.Value);
        Assert.Contains($"第{issue}期", text);
        var date = ChinaTime.ChineseDate(DateTimeOffset.UtcNow);
        var dateLine = paragraphs.First(paragraph => paragraph.InnerText.Contains("淳安县两办信息科") && paragraph.InnerText.Contains(date));
        Assert.Equal("FF0000", dateLine.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value);

        foreach (var (title, unit) in new[] { ("千岛湖镇推进垃圾分类", "千岛湖镇"), ("文昌镇茶叶丰收", "文昌镇"), ("石林镇发展民宿", "石林镇") })
        {
            Assert.Equal(OfficialFont.Title, RunsWith(body, title).Last().RunProperties!.RunFonts!.EastAsia!.Value);
            Assert.Equal(OfficialFont.Subheading, RunWith(body, $"（{unit}）").RunProperties!.RunFonts!.EastAsia!.Value);
            Assert.Equal(OfficialFont.Body, RunWith(body, $"{title}：详细情况如下。").RunProperties!.RunFonts!.EastAsia!.Value);
        }
        Assert.Equal(OfficialFont.Heading, RunsWith(body, "【工作动态】").First().RunProperties!.RunFonts!.EastAsia!.Value);
        Assert.Contains("【经验交流】", text);
        Assert.True(text.IndexOf("【工作动态】", StringComparison.Ordinal) < text.IndexOf("【经验交流】", StringComparison.Ordinal));
        Assert.Contains("报：", text);
        Assert.Contains("送：", text);
        Assert.Contains("发：", text);

        var section = body.Elements<SectionProperties>().Single();
        var size = section.GetFirstChild<PageSize>()!;
        Assert.Equal((11906u, 16838u), (size.Width!.Value, size.Height!.Value));
        var margins = section.GetFirstChild<PageMargin>()!;
        Assert.Equal((37.0, 35.0, 28.0, 26.0), (Millimetres(margins.Top!.Value), Millimetres(margins.Bottom!.Value),
            Millimetres((int)margins.Left!.Value), Millimetres((int)margins.Right!.Value)));

        var footer = document.MainDocumentPart.FooterParts.Single().Footer;
        Assert.Contains(footer.Descendants<SimpleField>(), field => field.Instruction!.Value!.Trim() == "PAGE");
        Assert.StartsWith("— ", footer.InnerText);
        Assert.EndsWith(" —", footer.InnerText);
    }

    [Fact]
    public async Task The_issue_document_is_hidden_from_whoever_may_not_read_the_issue()
    {
        var (c, year, issue) = await PublishIssueAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Downloads.GetAsync(c.OtherEditor, $"/api/v1/periodicals/{year}/issues/{issue}/document")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Downloads.GetAsync(c.CityLiaison, $"/api/v1/periodicals/{year}/issues/{issue}/document?county={c.County}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Downloads.GetAsync(c.Editor, $"/api/v1/periodicals/{year}/issues/{issue + 1}/document")).Status);
    }

    [Fact]
    public async Task A_notice_carries_the_case_number_the_leaders_instruction_in_full_the_units_the_deadline_and_the_contact()
    {
        var (c, caseId, number, due) = await CaseFromInstructionAsync();

        var download = await Downloads.GetOkAsync(c.Supervisor, $"/api/v1/cases/{caseId}/notice?kind=assignment");
        Assert.Equal($"督办通知单（{number}）.docx", download.FileName);
        var text = ReadText(download.Bytes);
        Assert.Contains("督办通知单", text);
        Assert.Contains(number, text);
        Assert.Contains("县委书记在《渡口超载隐患》上批示：“交通、公安部门要密切配合，采取有效措施，确保群众出行安全”", text);
        Assert.Contains("县公安局", text);
        Assert.Contains("千岛湖镇、文昌镇", text);
        Assert.Contains(ChinaTime.ChineseDate(due), text);
        Assert.Contains("淳安县两办督查室", text);

        var urging = await Downloads.GetOkAsync(c.PoliceOfficer, $"/api/v1/cases/{caseId}/notice?kind=urging");
        Assert.Equal($"催办通知（{number}）.docx", urging.FileName);
        var urgingText = ReadText(urging.Bytes);
        Assert.Contains("催办通知", urgingText);
        Assert.Contains("即将到期", urgingText);
        Assert.Contains(number, urgingText);

        Assert.Equal(HttpStatusCode.NotFound, (await Downloads.GetAsync(c.Officer3, $"/api/v1/cases/{caseId}/notice")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Downloads.GetAsync(c.Leader, $"/api/v1/cases/{caseId}/notice")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Downloads.GetAsync(c.Supervisor, $"/api/v1/cases/{caseId}/notice?kind=memo")).Status);
    }

    [Fact]
    public async Task LibreOffice_renders_the_periodical_and_the_notice_with_their_text()
    {
        var (c, year, issue) = await PublishIssueAsync();
        var keep = Environment.GetEnvironmentVariable("OFFICEMESH_RENDER_DIR");
        var periodical = await Downloads.GetOkAsync(c.Editor, $"/api/v1/periodicals/{year}/issues/{issue}/document");
        var periodicalText = await Downloads.RenderToTextAsync(periodical.Bytes, "periodical", keep is null ? null : Path.Combine(keep, "periodical"));
        foreach (var expected in new[] { "淳安信息", $"第{issue}期", "千岛湖镇推进垃圾分类", "（文昌镇）", "报：", "—1—" })
            Assert.Contains(expected, WithoutSpaces(periodicalText));

        var (cases, caseId, number, _) = await CaseFromInstructionAsync();
        var notice = await Downloads.GetOkAsync(cases.Supervisor, $"/api/v1/cases/{caseId}/notice?kind=assignment");
        var noticeText = await Downloads.RenderToTextAsync(notice.Bytes, "notice", keep is null ? null : Path.Combine(keep, "notice"));
        foreach (var expected in new[] { "督办通知单", number, "县公安局", "县委书记" })
            Assert.Contains(expected, WithoutSpaces(noticeText));
    }

    private static class OfficialFont
    {
        public const string Title = "方正小标宋简体", Body = "仿宋_GB2312", Heading = "黑体", Subheading = "楷体_GB2312";
    }

    /// <summary>pdftotext lays text out with spaces where glyphs stand apart ("督〔2026〕1 号").</summary>
    private static string WithoutSpaces(string text) => string.Concat(text.Where(ch => !char.IsWhiteSpace(ch)));

    private static double Millimetres(int twips) => Math.Round(twips * 25.4 / 1440);

    private static IEnumerable<Run> RunsWith(Body body, string text)
    {
        var runs = body.Descendants<Run>().Where(run => run.InnerText == text).ToList();
        Assert.True(runs.Count > 0, $"No run reads '{text}'.");
        return runs;
    }

    private static Run RunWith(Body body, string text) => RunsWith(body, text).First();

    private static string ReadText(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Downloads.AssertValid(document);
        return string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(paragraph => paragraph.InnerText));
    }

    private async Task<(CountySetup County, int Year, int Issue)> PublishIssueAsync()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var entries = new List<object>();
        foreach (var (officer, title, column) in new[]
        {
            (c.Officer1, "千岛湖镇推进垃圾分类", "工作动态"), (c.Officer2, "文昌镇茶叶丰收", "经验交流"), (c.Officer3, "石林镇发展民宿", "工作动态"),
        })
        {
            var id = (await officer.PostAsync("/api/v1/items", CountySetup.Routine(title))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
            (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);
            entries.Add(new { itemId = id, column });
        }
        var year = DateTimeOffset.UtcNow.Year;
        var issue = (await c.Editor.PostAsync($"/api/v1/periodicals/{year}/issues", new { entries })).AssertStatus(HttpStatusCode.Created).Json!["number"]!.GetValue<int>();
        return (c, year, issue);
    }

    private async Task<(CountySetup County, string CaseId, string Number, DateTimeOffset Due)> CaseFromInstructionAsync()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var itemId = (await c.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Routine("渡口超载隐患", "difficulty", "problem"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "accept", comment = "报领导" })).AssertStatus(HttpStatusCode.OK);
        var due = DateTimeOffset.UtcNow.AddDays(15);
        var instructed = (await c.Leader.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县委书记",
            level = "county",
            text = "交通、公安部门要密切配合，采取有效措施，确保群众出行安全",
            openCase = new { leadUnit = c.Police, coUnits = new[] { c.Town1, c.Town2 }, dueAt = due },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var caseId = instructed["instructions"]![0]!["caseId"]!.GetValue<string>();
        var number = (await c.Supervisor.GetAsync($"/api/v1/cases/{caseId}")).AssertStatus(HttpStatusCode.OK).Json!["number"]!.GetValue<string>();
        return (c, caseId, number, due);
    }
}
