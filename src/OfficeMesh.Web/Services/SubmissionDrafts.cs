namespace OfficeMesh.Web.Services;

/// <summary>
/// What an officer is writing, with the Idempotency-Key it will be sent under. It is kept in the
/// tab's sessionStorage from the first keystroke until the server has it, so a failed send (network,
/// expired sign-in, server down) loses nothing and is sent again under the same key.
/// </summary>
public sealed class ItemDraft
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Classification { get; set; } = "public";
    /// <summary>China time, as the datetime-local input gives it.</summary>
    public string OccurredAt { get; set; } = "";
    public string PhoneReportedAt { get; set; } = "";
    public string IdempotencyKey { get; set; } = NewKey();
    /// <summary>Why the last send failed, shown again after a reload or a new sign-in.</summary>
    public string? LastFailure { get; set; }

    public bool IsEmergency => Kind == "emergency";

    public bool IsEmpty => Title.Length == 0 && Body.Length == 0 && Kind.Length == 0 && Topic.Length == 0;

    public ItemRequest ToRequest() => new(
        Title.Trim(), Body.Trim(), Topic, Kind, Classification,
        ChinaTime.FromInput(OccurredAt),
        IsEmergency ? ChinaTime.FromInput(PhoneReportedAt) : null);

    public static ItemDraft From(ItemView item) => new()
    {
        Title = item.Title,
        Body = item.Body,
        Kind = item.Kind,
        Topic = item.Topic,
        Classification = item.Classification,
        OccurredAt = ChinaTime.ToInput(item.OccurredAt),
        PhoneReportedAt = ChinaTime.ToInput(item.Emergency?.PhoneReportedAt),
    };

    public static string NewKey() => Guid.NewGuid().ToString("N");
}

public sealed class SubmissionDrafts(BrowserStorage storage, AuthState auth)
{
    public const string NewItem = "new";

    public static string Revision(string itemId) => $"revise-{itemId}";

    public Task<ItemDraft?> LoadAsync(string slot) => storage.GetAsync<ItemDraft>(Key(slot));

    public ValueTask SaveAsync(string slot, ItemDraft draft) => storage.SetAsync(Key(slot), draft);

    public ValueTask ClearAsync(string slot) => storage.RemoveAsync(Key(slot));

    // Per account: another person signing in on this tab does not see or send someone else's draft.
    private string Key(string slot) => $"officemesh.draft.{auth.Current?.Username}.{slot}";
}
