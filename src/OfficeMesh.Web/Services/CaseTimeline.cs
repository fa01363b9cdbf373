namespace OfficeMesh.Web.Services;

/// <summary>One step of a case's life as the case page shows it: what happened, who, and the lines that say what it was.</summary>
public sealed record CaseStep(DateTimeOffset At, string Action, string Title, string Actor, string Color, IReadOnlyList<string> Lines);

/// <summary>
/// A case's whole life, in order, from its history: each entry with the words the case kept with it
/// (the progress text, obstacles and percent, the extension asked and its decision, the result).
/// </summary>
public static class CaseTimeline
{
    public static IReadOnlyList<CaseStep> Of(CaseView c, Func<string, string> unitName) =>
        c.History.Select(entry => new CaseStep(entry.At, entry.Action, Labels.CaseAction(entry.Action), entry.Actor, Color(entry.Action),
            Lines(c, entry, unitName))).ToList();

    private static IReadOnlyList<string> Lines(CaseView c, HistoryEntry entry, Func<string, string> unitName)
    {
        switch (entry.Action)
        {
            case "opened":
                return [$"牵头单位：{unitName(c.LeadUnit)}", .. c.CoUnits.Count > 0 ? new[] { $"配合单位：{string.Join("、", c.CoUnits.Select(unitName))}" } : []];
            case "progress" when c.Progress.FirstOrDefault(p => p.At == entry.At) is { } progress:
                return
                [
                    $"{unitName(progress.Unit)}：{progress.Text}",
                    .. progress.Obstacles is { Length: > 0 } obstacles ? new[] { $"困难和问题：{obstacles}" } : [],
                    .. progress.Percent is { } percent ? new[] { $"完成进度：{percent}%" } : [],
                ];
            case "extension-requested" when c.Extensions.FirstOrDefault(e => e.RequestedAt == entry.At) is { } asked:
                return [$"申请将办理期限由{ChinaTime.FormatDate(asked.PreviousDueAt)}延至{ChinaTime.FormatDate(asked.RequestedDueAt)}", $"理由：{asked.Reason}"];
            case "extension-approved" or "extension-refused" when c.Extensions.FirstOrDefault(e => e.DecidedAt == entry.At) is { } decided:
                return
                [
                    decided.Approved == true ? $"办理期限延至{ChinaTime.FormatDate(decided.RequestedDueAt)}" : $"办理期限仍为{ChinaTime.FormatDate(decided.PreviousDueAt)}",
                    .. decided.Comment is { Length: > 0 } comment ? new[] { $"意见：{comment}" } : [],
                ];
            case "result-submitted" when c.Result is { } result && result.SubmittedAt == entry.At:
                return [$"办理结果：{result.Text}"];
            case "result-returned":
                return [$"退回理由：{entry.Detail}"];
            case "urged-reminder" or "urged-overdue":
                return [$"催办单位：{string.Join("、", (entry.Detail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(unitName))}"];
            case "reported":
                return [$"报告：{entry.Detail}"];
            default:
                return entry.Detail is { Length: > 0 } detail ? [detail] : [];
        }
    }

    private static string Color(string action) => action switch
    {
        "result-returned" or "urged-overdue" or "extension-refused" => "red",
        "urged-reminder" or "extension-requested" => "orange",
        "closed" or "reported" or "extension-approved" => "green",
        "result-submitted" => "purple",
        _ => "blue",
    };
}
