namespace OfficeMesh.Contracts;

/// <summary>The languages people read OfficeMesh in: Chinese first, English on request (<c>Accept-Language: en</c>).</summary>
public enum Language
{
    Chinese,
    English,
}

/// <summary>
/// The Chinese words for what messages name: request fields (as the client wrote them) and the
/// states and levels of the wire enumerations, so a Chinese message never shows "returned" or "dueAt".
/// </summary>
public static class ChineseNames
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["username"] = "用户名", ["password"] = "密码", ["roles"] = "角色", ["unitCode"] = "所属单位代码",
        ["code"] = "单位代码", ["name"] = "单位名称", ["kind"] = "类型", ["parentCode"] = "上级单位代码",
        ["level"] = "级别", ["directReporting"] = "直报单位", ["title"] = "标题", ["body"] = "正文",
        ["topic"] = "类别", ["classification"] = "密级", ["occurredAt"] = "发生时间", ["phoneReportedAt"] = "电话报告时间",
        ["decision"] = "审核结果", ["comment"] = "意见", ["publication"] = "采用刊物", ["leader"] = "批示领导",
        ["text"] = "内容", ["leadUnit"] = "牵头单位", ["coUnits"] = "协办单位", ["dueAt"] = "办理期限",
        ["dueInWorkingDays"] = "办理工作日数", ["entries"] = "刊发条目", ["itemId"] = "信息编号", ["column"] = "栏目",
        ["description"] = "说明", ["source"] = "来源", ["sourceRef"] = "来源依据", ["reason"] = "理由",
        ["newDueAt"] = "新的办理期限", ["approve"] = "是否同意", ["units"] = "参与单位", ["obstacles"] = "困难和问题",
        ["percent"] = "完成进度", ["audience"] = "通报对象", ["keyPoints"] = "报送要点", ["position"] = "意见类型",
        ["from"] = "开始时间", ["to"] = "结束时间", ["limit"] = "每页条数", ["cursor"] = "翻页位置", ["status"] = "状态",
        ["unit"] = "单位", ["light"] = "亮灯", ["days"] = "工作日数", ["county"] = "县", ["parent"] = "上级单位", ["order"] = "排序",
        ["final"] = "是否终报", ["channel"] = "报送渠道", ["sourceItemIds"] = "来源信息", ["note"] = "编辑说明",
        ["openCase"] = "立项督办",
    };

    /// <summary>"openCase.dueAt" and "entries[2].column" are named by their last part: 办理期限, 栏目. Unknown fields keep their name.</summary>
    public static string Field(string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[');
        if (bracket > 0)
            last = last[..bracket];
        return Fields.TryGetValue(last, out var name) ? name : field;
    }

    public static string Of(ItemStatus status) => status switch
    {
        ItemStatus.Submitted => "待审核",
        ItemStatus.Accepted => "已录用",
        ItemStatus.Returned => "已退回",
        ItemStatus.Rejected => "不予录用",
        ItemStatus.Published => "已编发",
        ItemStatus.Merged => "已综合",
        _ => Wire.Name(status),
    };

    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Open => "办理中",
        CaseStatus.ResultSubmitted => "已报送结果",
        CaseStatus.Closed => "已办结",
        _ => Wire.Name(status),
    };

    public static string Of(UpperLevel level) => level == UpperLevel.City ? "市级" : "省级";

    public static string Of(InstructionLevel level) => level switch
    {
        InstructionLevel.County => "县级",
        InstructionLevel.City => "市级",
        _ => "省级",
    };

    public static string Of(Role role) => role switch
    {
        Role.Admin => "系统管理员",
        Role.UnitOfficer => "信息员",
        Role.InfoEditor => "信息科编辑",
        Role.Supervisor => "督查室",
        Role.Duty => "值班室",
        Role.Leader => "领导",
        Role.UpperLiaison => "上级联络员",
        _ => "运维",
    };
}
