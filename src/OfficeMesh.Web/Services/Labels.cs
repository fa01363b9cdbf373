namespace OfficeMesh.Web.Services;

/// <summary>The Chinese name of every enumeration the API uses, in one place.</summary>
public static class Labels
{
    public static readonly IReadOnlyList<(string Value, string Name)> Kinds =
    [
        ("dynamic", "动态"), ("experience", "经验"), ("problem", "问题"), ("suggestion", "建议"),
        ("emergency", "紧急"), ("public-sentiment", "社情民意"), ("internet-opinion", "网络舆情"),
    ];

    public static readonly IReadOnlyList<(string Value, string Name)> Topics =
        [("focus", "重点"), ("hot", "热点"), ("difficulty", "难点"), ("highlight", "亮点")];

    public static readonly IReadOnlyList<(string Value, string Name)> Classifications =
        [("public", "公开"), ("internal", "内部"), ("secret", "涉密")];

    public static readonly IReadOnlyList<(string Value, string Name)> Statuses =
    [
        ("submitted", "已报送"), ("accepted", "已采用"), ("returned", "退回修改"), ("rejected", "不予采用"),
        ("published", "已刊发"), ("merged", "已综合"),
    ];

    public static readonly IReadOnlyList<(string Value, string Name)> Roles =
    [
        ("admin", "系统管理员"), ("unit-officer", "信息员"), ("info-editor", "信息科编辑"), ("supervisor", "督查室"),
        ("duty", "值班室"), ("leader", "领导"), ("upper-liaison", "上级联络员"), ("operator", "运维"),
    ];

    public static readonly IReadOnlyList<(string Value, string Name)> Lights = [("green", "绿"), ("yellow", "黄"), ("red", "红")];

    public static readonly IReadOnlyList<(string Value, string Name)> UnitKinds =
        [("county-office", "县两办"), ("township", "乡镇街道"), ("department", "县级部门"), ("upper-office", "上级机关")];

    public static readonly IReadOnlyList<(string Value, string Name)> Levels =
        [("county", "县级"), ("city", "市级"), ("province", "省级"), ("national", "国家级")];

    public static readonly IReadOnlyList<(string Value, string Name)> ReviewDecisions =
        [("accept", "采用"), ("return", "退回修改"), ("reject", "不予采用")];

    public static readonly IReadOnlyList<(string Value, string Name)> InboxTypes =
    [
        ("returned-item", "退回修改的信息"), ("case", "督办件"), ("urging", "催办"), ("coordination", "协调会商"),
        ("notice", "通报"), ("review", "待审信息"), ("instruction", "领导批示"), ("result", "待办结的办理结果"),
        ("extension-request", "延期申请"), ("case-result", "督办结果报告"), ("reviews-waiting", "待审信息"),
    ];

    public static readonly IReadOnlyList<(string Value, string Name)> HistoryActions =
    [
        ("submitted", "报送"), ("read", "查阅"), ("revised", "修改后重新报送"), ("accepted", "采用"), ("returned", "退回修改"),
        ("rejected", "不予采用"), ("forwarded", "上报"), ("adopted", "上级采用"), ("instructed", "领导批示"), ("follow-up", "续报"),
        ("final-report", "终报"), ("published", "刊发"), ("merged", "编入综合信息"), ("text-edited", "编辑加工"),
        ("occurrence-corrected", "更正事发时间"),
    ];

    public static readonly IReadOnlyList<(string Value, string Name)> CaseStatuses =
        [("open", "办理中"), ("result-submitted", "已报结果"), ("closed", "已办结")];

    public static readonly IReadOnlyList<(string Value, string Name)> CaseSources =
        [("instruction", "领导批示"), ("work-plan", "工作要点"), ("meeting", "会议决定"), ("assigned", "交办事项")];

    public static readonly IReadOnlyList<(string Value, string Name)> CaseActions =
    [
        ("opened", "立项督办"), ("progress", "报送进展"), ("result-submitted", "报送办理结果"), ("result-returned", "退回重办"),
        ("extension-requested", "申请延期"), ("extension-approved", "同意延期"), ("extension-refused", "不同意延期"),
        ("urged-reminder", "临期催办"), ("urged-overdue", "超期催办"), ("closed", "办结"), ("reported", "结果报告领导"),
    ];
    public static readonly IReadOnlyList<(string Value, string Name)> CoordinationKinds = [("coordination", "协调"), ("consultation", "会商")];

    public static readonly IReadOnlyList<(string Value, string Name)> Positions = [("agree", "同意"), ("object", "反对"), ("comment", "意见")];

    public static string CoordinationKind(string? value) => Name(CoordinationKinds, value);
    public static string Position(string? value) => Name(Positions, value);
    public static string CaseStatus(string? value) => Name(CaseStatuses, value);

    public static string PositionColor(string? position) => position switch
    {
        "agree" => "green",
        "object" => "red",
        "comment" => "blue",
        _ => "default",
    };

    public static string HistoryAction(string? value) => Name(HistoryActions, value);
    public static string CaseSource(string? value) => Name(CaseSources, value);
    public static string CaseAction(string? value) => Name(CaseActions, value);

    /// <summary>剩余3个工作日, 今日到期, 超期2个工作日; empty for a closed case.</summary>
    public static string WorkingDaysLeft(int? days) => days switch
    {
        null => "",
        0 => "今日到期",
        > 0 => $"剩余{days}个工作日",
        _ => $"超期{-days}个工作日",
    };

    public static string CaseStatusColor(string? status) => status switch
    {
        "open" => "blue",
        "result-submitted" => "purple",
        "closed" => "green",
        _ => "default",
    };

    public static string Kind(string? value) => Name(Kinds, value);
    public static string Topic(string? value) => Name(Topics, value);
    public static string Classification(string? value) => Name(Classifications, value);
    public static string Status(string? value) => Name(Statuses, value);
    public static string Role(string? value) => Name(Roles, value);
    public static string Light(string? value) => Name(Lights, value);
    public static string UnitKind(string? value) => Name(UnitKinds, value);
    public static string Level(string? value) => Name(Levels, value);
    public static string ReviewDecision(string? value) => Name(ReviewDecisions, value);
    public static string InboxType(string? value) => Name(InboxTypes, value);

    /// <summary>续报一、续报二 …</summary>
    public static string FollowUp(int number) => $"续报{ChineseNumber(number)}";

    /// <summary>The colour of a status tag (AntDesign preset colours).</summary>
    public static string StatusColor(string? status) => status switch
    {
        "submitted" => "blue",
        "accepted" => "green",
        "returned" => "orange",
        "rejected" => "red",
        "published" => "purple",
        _ => "default",
    };

    public static string LightColor(string? light) => light switch
    {
        "green" => "green",
        "yellow" => "gold",
        "red" => "red",
        _ => "default",
    };

    private static string Name(IReadOnlyList<(string Value, string Name)> names, string? value)
    {
        foreach (var (known, name) in names)
            if (known == value) return name;
        return value ?? "";
    }

    private static string ChineseNumber(int number)
    {
        const string digits = "零一二三四五六七八九";
        return number switch
        {
            < 10 and >= 0 => digits[number].ToString(),
            10 => "十",
            < 20 => "十" + digits[number % 10],
            < 100 => digits[number / 10] + "十" + (number % 10 == 0 ? "" : digits[number % 10].ToString()),
            _ => number.ToString(),
        };
    }
}
