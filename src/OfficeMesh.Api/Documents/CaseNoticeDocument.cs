using DocumentFormat.OpenXml.Wordprocessing;

namespace OfficeMesh.Api.Documents;

/// <summary>Who sends a county's 督办通知单 and how to reach it (<c>OfficeMesh:CaseNotices:&lt;countyCode&gt;</c>).</summary>
public sealed class CaseNoticeSettings
{
    public string? Office { get; set; }
    public string? Contact { get; set; }
    public string? Phone { get; set; }
}

public enum NoticeKind { Assignment, Urging }

/// <summary>What a notice prints; every text already in the words the document shows.</summary>
public sealed record CaseNoticePrint(NoticeKind Kind, string CaseNumber, string Title, string Source, string LeadUnit, string CoUnits,
    string DueDate, string Requirements, string Office, string Contact, string Date, string? Urging);

/// <summary>督办通知单 (a case as assigned) and 催办通知 (a reminder that it is due or overdue), in the GB/T 9704 page layout.</summary>
public static class CaseNoticeDocument
{
    public static string TitleOf(NoticeKind kind) => kind == NoticeKind.Assignment ? "督办通知单" : "催办通知";

    public static void Write(CaseNoticePrint notice, Stream output)
    {
        using var document = new OfficialDocument(output);
        var body = () => OfficialDocument.Font(OfficialDocument.BodyFont, OfficialDocument.Size3);

        document.Add(JustificationValues.Center, notice.Office,
            OfficialDocument.Font(OfficialDocument.TitleFont, OfficialDocument.Size2, OfficialDocument.Red), exactLine: null, spaceBefore: 300);
        document.Add(JustificationValues.Center, TitleOf(notice.Kind),
            OfficialDocument.Font(OfficialDocument.TitleFont, OfficialDocument.Size2, OfficialDocument.Red), exactLine: null, spaceAfter: 200);
        document.Add(JustificationValues.Center, [OfficialDocument.Text(notice.CaseNumber, body())],
            borders: OfficialDocument.Rule(OfficialDocument.Red, 24));
        document.Add(JustificationValues.Center, "", body());

        document.Add(JustificationValues.Left, $"{notice.LeadUnit}：", body());
        var opening = notice.Kind == NoticeKind.Assignment
            ? "现将下列事项交由你单位牵头办理，请按要求抓紧落实，并在办理期限内报送办理结果。"
            : notice.Urging ?? "下列督办事项请抓紧办理，按期报送办理结果。";
        document.BodyText(opening);

        document.LabelledTable([
            ("督办编号", notice.CaseNumber),
            ("督办事项", notice.Title),
            ("交办来源", notice.Source),
            ("牵头单位", notice.LeadUnit),
            ("协办单位", notice.CoUnits),
            ("办理期限", notice.DueDate),
            ("办理要求", notice.Requirements),
            ("联 系 人", notice.Contact),
        ]);

        document.Add(JustificationValues.Center, "", body());
        document.Add(JustificationValues.Right, notice.Office, body());
        document.Add(JustificationValues.Right, notice.Date, body());
        document.Save();
    }
}
