using DocumentFormat.OpenXml.Wordprocessing;

namespace OfficeMesh.Api.Documents;

/// <summary>
/// How a county's periodical presents itself (<c>OfficeMesh:Periodicals:&lt;countyCode&gt;</c>): its name
/// (淳安信息), the office that edits it and the distribution block (报、送、发) at the end.
/// </summary>
public sealed class PeriodicalSettings
{
    public string? Name { get; set; }
    public string? EditingOffice { get; set; }
    public string ReportTo { get; set; } = "市委办公室、市政府办公室，县委、县政府领导";
    public string SendTo { get; set; } = "县人大常委会、县政协领导";
    public string IssueTo { get; set; } = "各乡镇（街道），县级各部门";
}

public sealed record PeriodicalArticle(string Column, string Title, string UnitName, string Body);

/// <summary>The data of one printed issue, in the order the entries were published.</summary>
public sealed record PeriodicalPrint(string Name, int Year, int Number, string EditingOffice, string Date, string? IssueTitle,
    IReadOnlyList<PeriodicalArticle> Articles, string ReportTo, string SendTo, string IssueTo);

/// <summary>
/// An issue of the county's periodical as a bulletin (信息简报) in the layout of GB/T 9704-2012: the red
/// masthead with the name, 第N期, the editing office and the date above a red rule; the contents by
/// column; each article with its title, source unit and text; the distribution block at the end.
/// </summary>
public static class PeriodicalDocument
{
    public static void Write(PeriodicalPrint issue, Stream output)
    {
        using var document = new OfficialDocument(output);
        var body = () => OfficialDocument.Font(OfficialDocument.BodyFont, OfficialDocument.Size3);

        document.Add(JustificationValues.Center, issue.Name,
            OfficialDocument.Font(OfficialDocument.TitleFont, OfficialDocument.Size0, OfficialDocument.Red), exactLine: null, spaceBefore: 600, spaceAfter: 200);
        document.Add(JustificationValues.Center, $"第{issue.Number}期", body(), spaceAfter: 200);
        document.LeftAndRight(issue.EditingOffice, issue.Date, body(), OfficialDocument.Rule(OfficialDocument.Red, 24));
        document.Add(JustificationValues.Center, "", body());

        if (issue.IssueTitle is { Length: > 0 } title)
            document.Add(JustificationValues.Center, title, OfficialDocument.Font(OfficialDocument.TitleFont, OfficialDocument.Size2), exactLine: null, spaceAfter: 200);

        var columns = issue.Articles.GroupBy(article => article.Column).ToList();
        document.Add(JustificationValues.Center, "本期目录", OfficialDocument.Font(OfficialDocument.HeadingFont, OfficialDocument.Size3));
        foreach (var column in columns)
        {
            document.Add(JustificationValues.Left, $"【{column.Key}】", OfficialDocument.Font(OfficialDocument.HeadingFont, OfficialDocument.Size3), firstLineChars: 2);
            foreach (var article in column)
                document.Add(JustificationValues.Left, article.Title, OfficialDocument.Font(OfficialDocument.SubheadingFont, OfficialDocument.Size3), firstLineChars: 4);
        }

        foreach (var column in columns)
        {
            document.Add(JustificationValues.Left, $"【{column.Key}】", OfficialDocument.Font(OfficialDocument.HeadingFont, OfficialDocument.Size3), spaceBefore: 300);
            foreach (var article in column)
            {
                document.Add(JustificationValues.Center, article.Title, OfficialDocument.Font(OfficialDocument.TitleFont, OfficialDocument.Size2),
                    exactLine: null, spaceBefore: 200, spaceAfter: 100);
                document.Add(JustificationValues.Center, $"（{article.UnitName}）", OfficialDocument.Font(OfficialDocument.SubheadingFont, OfficialDocument.Size3));
                document.BodyText(article.Body);
            }
        }

        // 版记: thick rules above and below, thin ones between the lines, 4号仿宋.
        var small = () => OfficialDocument.Font(OfficialDocument.BodyFont, OfficialDocument.Size4);
        document.Add(JustificationValues.Center, "", body(), spaceBefore: 600);
        document.Add(JustificationValues.Left, [OfficialDocument.Text($"报：{issue.ReportTo}", small())], exactLine: null,
            borders: ThickAboveThinBelow());
        document.Add(JustificationValues.Left, [OfficialDocument.Text($"送：{issue.SendTo}", small())], exactLine: null,
            borders: OfficialDocument.Rule("000000", 4));
        document.Add(JustificationValues.Left, [OfficialDocument.Text($"发：{issue.IssueTo}", small())], exactLine: null,
            borders: OfficialDocument.Rule("000000", 4));
        document.LeftAndRight(issue.EditingOffice, $"{issue.Date}印发", small(), OfficialDocument.Rule("000000", 8));
        document.Save();
    }

    private static ParagraphBorders ThickAboveThinBelow() => new(
        new TopBorder { Val = BorderValues.Single, Color = "000000", Size = 8, Space = 1 },
        new BottomBorder { Val = BorderValues.Single, Color = "000000", Size = 4, Space = 1 });
}
