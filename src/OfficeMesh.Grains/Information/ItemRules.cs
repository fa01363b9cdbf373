using System.Security.Cryptography;
using System.Text;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

/// <summary>What a well-formed item is, and the 2-hour rule for emergencies (紧急信息 within 2 hours of the event).</summary>
public static class ItemRules
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;
    public static readonly TimeSpan EmergencyDeadline = TimeSpan.FromHours(2);
    public const int MaxCompositeSources = 50;

    /// <summary>The history action of an emergency the duty room took down by phone (值班室代录).</summary>
    public const string PhoneReportTaken = "phone-report-taken";

    /// <summary>Clocks of townships' systems drift; a time this far ahead of ours is still "now".</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Equal for equal drafts, different (short of a SHA-256 collision) for any difference.</summary>
    public static string Fingerprint(ItemDraft draft)
    {
        // Lengths first, so no choice of text can shift one field's characters into the next.
        var canonical = string.Join('\n', draft.Title.Length, draft.Body.Length, draft.Title, draft.Body, (int)draft.Topic, (int)draft.Kind,
            (int)draft.Classification, draft.OccurredAt?.UtcTicks, draft.PhoneReportedAt?.UtcTicks);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static void ValidateDraft(ItemDraft draft, DateTimeOffset now)
    {
        RequireText(draft.Title, "title", MaxTitleLength);
        RequireText(draft.Body, "body", MaxBodyLength);
        if (draft.Kind == ItemKind.Emergency && draft.OccurredAt is null)
            throw DomainException.Invalid("occurredAt", zh: "紧急信息须填写事件发生时间", en: "An emergency needs occurredAt: when the incident happened.");
        if (draft.OccurredAt > now + AllowedClockSkew)
            throw DomainException.Invalid("occurredAt", zh: "发生时间不能晚于当前时间", en: "occurredAt is in the future.");
        if (draft.PhoneReportedAt is { } phoned)
        {
            if (phoned > now + AllowedClockSkew)
                throw DomainException.Invalid("phoneReportedAt", zh: "电话报告时间不能晚于当前时间", en: "phoneReportedAt is in the future.");
            if (draft.OccurredAt is { } occurred && phoned < occurred)
                throw DomainException.Invalid("phoneReportedAt", zh: "电话报告时间不能早于事件发生时间", en: "phoneReportedAt is before the incident occurred.");
        }
    }

    public static void RequireText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw DomainException.Invalid(field, zh: $"{ChineseNames.Field(field)}不能为空", en: $"The field '{field}' is required.");
        if (value.Length > maxLength)
            throw DomainException.Invalid(field, zh: $"{ChineseNames.Field(field)}不能超过{maxLength}个字", en: $"The field '{field}' must be at most {maxLength} characters.");
    }

    /// <summary>A late report is recorded as late: on time means received within two hours of occurring.</summary>
    public static EmergencyReceipt Receipt(DateTimeOffset occurredAt, DateTimeOffset receivedAt, DateTimeOffset? phoneReportedAt) =>
        new(occurredAt, receivedAt, phoneReportedAt, receivedAt - occurredAt <= EmergencyDeadline);

    public static string? LateDetail(EmergencyReceipt? receipt) => receipt is { OnTime: false } late
        ? $"late: received {(late.ReceivedAt - late.OccurredAt).TotalMinutes:F0} minutes after it occurred (limit {EmergencyDeadline.TotalMinutes:F0})"
        : null;

    /// <summary>Since when an item has waited for review: its last submission, revision or phone report.</summary>
    public static DateTimeOffset WaitingSince(Item item) =>
        item.History.LastOrDefault(entry => entry.Action is "submitted" or "revised" or PhoneReportTaken)?.At ?? item.SubmittedAt;

    /// <summary>
    /// 重点直报单位: a unit under a department (a police station under the public security bureau) reports
    /// emergencies through its department, unless it is a direct-reporting unit, whose emergencies go
    /// straight to the duty room. Units directly under the county office always report to it.
    /// </summary>
    public static void RequireEmergencyReporter(Unit? unit)
    {
        if (unit is { ParentCode: { } parent, CountyCode: { } county, DirectReporting: false } && parent != county)
            throw DomainException.Forbidden(zh: "本单位不是重点直报单位，紧急信息请报上级部门", en: "This unit is not a direct-reporting unit: its emergencies go through its department.");
    }

    /// <summary>The channel an item reaches the section through: emergencies, 社情民意 and 网络舆情 have their own queues, the rest is routine.</summary>
    public static ReportingChannel ChannelOf(ItemKind kind) => kind switch
    {
        ItemKind.Emergency => ReportingChannel.Emergency,
        ItemKind.PublicSentiment => ReportingChannel.PublicSentiment,
        ItemKind.InternetOpinion => ReportingChannel.InternetOpinion,
        _ => ReportingChannel.Routine,
    };

    /// <summary>The inbox id of an instruction awaiting disposition: the item and the instruction, so the office can act on it.</summary>
    public static string InstructionKey(string itemId, string instructionId) => $"{itemId}/{instructionId}";

    /// <summary>Refuses the action (named in both languages: "审核" / "review") unless the item is in one of <paramref name="allowed"/>.</summary>
    public static void RequireStatus(Item item, string zh, string en, params ItemStatus[] allowed)
    {
        if (!allowed.Contains(item.Status))
            throw DomainException.Conflict(zh: $"该信息当前为“{ChineseNames.Of(item.Status)}”，不能{zh}", en: $"Cannot {en} an item that is {Wire.Name(item.Status)}.");
    }

    public static InstructionLevel InstructionLevelFor(UpperLevel level) => level == UpperLevel.City ? InstructionLevel.City : InstructionLevel.Province;

    public static UpperLevel ForwardLevelFor(AdoptionLevel level) => level == AdoptionLevel.City ? UpperLevel.City : UpperLevel.Province;
}
