using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Documents;

/// <summary>The sheets of each spreadsheet the offices exchange, column by column.</summary>
public static class Workbooks
{
    public const string UnitScores = "单位得分", AuthorScores = "作者得分", ItemList = "信息列表", Ledger = "督办台账", LedgerSummary = "单位汇总";

    private static readonly SheetColumn[] ScoreColumns =
    [
        new("名次", CellKind.Number), new("报送", CellKind.Number), new("录用", CellKind.Number), new("采用率", CellKind.Percent),
        new("编发", CellKind.Number), new("市级采用", CellKind.Number), new("省级采用", CellKind.Number), new("全国采用", CellKind.Number),
        new("领导批示", CellKind.Number), new("紧急信息迟报", CellKind.Number), new("得分", CellKind.Number),
    ];

    public static IReadOnlyList<Sheet> Scores(IReadOnlyList<ScoreRow> units, IReadOnlyList<AuthorScoreRow> authors, IReadOnlyDictionary<string, string> unitNames)
    {
        var unitSheet = new Sheet(UnitScores, [new("单位代码", CellKind.Text), new("单位名称", CellKind.Text), .. ScoreColumns]);
        foreach (var row in units)
            unitSheet.Add([row.UnitCode, unitNames[row.UnitCode], .. ScoreCells(row)]);
        var authorSheet = new Sheet(AuthorScores, [new("用户名", CellKind.Text), new("单位代码", CellKind.Text), new("单位名称", CellKind.Text), .. ScoreColumns]);
        foreach (var author in authors)
            authorSheet.Add([author.Username, author.UnitCode, unitNames[author.UnitCode], author.Rank, author.Submitted, author.Accepted,
                author.AdoptionRate, author.Published, author.Adoptions.City, author.Adoptions.Province, author.Adoptions.National,
                author.Instructions, author.LateEmergencies, author.Points]);
        return [unitSheet, authorSheet];
    }

    private static object?[] ScoreCells(ScoreRow row) =>
    [
        row.Rank, row.Submitted, row.Accepted, row.AdoptionRate, row.Published, row.Adoptions.City, row.Adoptions.Province,
        row.Adoptions.National, row.Instructions, row.LateEmergencies, row.Points,
    ];

    public static Sheet Items(IReadOnlyList<ItemSummary> items, IReadOnlyDictionary<string, string> unitNames)
    {
        var sheet = new Sheet(ItemList,
        [
            new("编号", CellKind.Text), new("标题", CellKind.Text), new("单位代码", CellKind.Text), new("报送单位", CellKind.Text),
            new("类别", CellKind.Text), new("类型", CellKind.Text), new("密级", CellKind.Text), new("状态", CellKind.Text),
            new("报送时间", CellKind.Date), new("发生时间", CellKind.Date), new("上报次数", CellKind.Number), new("采用次数", CellKind.Number),
            new("批示次数", CellKind.Number),
        ]);
        foreach (var item in items)
        {
            sheet.Add(item.Id, item.Title, item.UnitCode, unitNames[item.UnitCode], TopicName(item.Topic), KindName(item.Kind),
                ClassificationName(item.Classification), ChineseNames.Of(item.Status), item.SubmittedAt, item.OccurredAt,
                item.Forwards.Count, item.Adoptions.Count, item.Instructions.Count);
        }
        return sheet;
    }

    public static IReadOnlyList<Sheet> Cases(IReadOnlyList<SupervisionCase> cases, IReadOnlyDictionary<string, Light> lights,
        IReadOnlyDictionary<string, string> unitNames, DateTimeOffset now)
    {
        var ledger = new Sheet(Ledger,
        [
            new("督办编号", CellKind.Text), new("督办事项", CellKind.Text), new("来源", CellKind.Text), new("牵头单位", CellKind.Text),
            new("协办单位", CellKind.Text), new("交办时间", CellKind.Date), new("办理期限", CellKind.Date), new("状态", CellKind.Text),
            new("亮灯", CellKind.Text), new("办结时间", CellKind.Date), new("按期办结", CellKind.Text), new("是否超期", CellKind.Text),
        ]);
        foreach (var c in cases)
        {
            ledger.Add(c.Number ?? "", c.Title, SourceName(c.Source), unitNames[c.LeadUnit], string.Join("、", c.CoUnits.Select(unit => unitNames[unit])),
                c.OpenedAt, c.DueAt, ChineseNames.Of(c.Status), LightName(lights[c.Id]), c.ClosedAt,
                c.Status == CaseStatus.Closed ? (CaseLedger.ClosedOnTime(c) ? "是" : "否") : "", CaseLedger.Overdue(c, now) ? "是" : "否");
        }
        var summary = new Sheet(LedgerSummary,
        [
            new("单位代码", CellKind.Text), new("单位名称", CellKind.Text), new("牵头件数", CellKind.Number), new("已办结", CellKind.Number),
            new("按期办结", CellKind.Number), new("超期件数", CellKind.Number), new("办结率", CellKind.Percent), new("按期办结率", CellKind.Percent),
        ]);
        foreach (var unit in CaseLedger.ByLeadUnit(cases, now))
            summary.Add(unit.UnitCode, unitNames[unit.UnitCode], unit.Led, unit.Closed, unit.ClosedOnTime, unit.Overdue, unit.ClosingRate, unit.OnTimeRate);
        return [ledger, summary];
    }

    public static string TopicName(Topic topic) => topic switch
    {
        Topic.Focus => "重点",
        Topic.Hot => "热点",
        Topic.Difficulty => "难点",
        _ => "亮点",
    };

    public static string KindName(ItemKind kind) => kind switch
    {
        ItemKind.Dynamic => "动态",
        ItemKind.Experience => "经验",
        ItemKind.Problem => "问题",
        ItemKind.Suggestion => "建议",
        ItemKind.Emergency => "紧急信息",
        ItemKind.PublicSentiment => "社情民意",
        _ => "网络舆情",
    };

    public static string ClassificationName(Classification classification) => classification switch
    {
        Classification.Public => "公开",
        Classification.Internal => "内部",
        _ => "涉密",
    };

    public static string LightName(Light light) => light switch
    {
        Light.Green => "绿灯",
        Light.Yellow => "黄灯",
        _ => "红灯",
    };

    public static string SourceName(CaseSource source) => source switch
    {
        CaseSource.Instruction => "领导批示",
        CaseSource.WorkPlan => "工作计划",
        CaseSource.Meeting => "会议议定",
        _ => "领导交办",
    };
}
