namespace OfficeMesh.Web.Services;

/// <summary>The information section's (信息科) lists and publications: the review queue, every item of
/// the county, the periodical, notices (通报) and the score table (考核).</summary>
public sealed class SectionService(ApiClient api)
{
    public const int PageSize = 50;

    /// <summary>Items waiting for review, the longest-waiting first.</summary>
    public async Task<Page<SectionItemSummary>> ReviewQueueAsync(string? cursor)
    {
        var page = await api.GetAsync<Page<SectionItemSummary>>(ApiClient.Query("items",
            ("status", "submitted"), ("order", "oldest"), ("limit", PageSize.ToString()), ("cursor", cursor)));
        return page with { Items = page.Items.OrderBy(item => item.SubmittedAt).ToList() };
    }

    public Task<Page<SectionItemSummary>> ItemsAsync(ItemFilter filter, string? cursor, int limit = PageSize) =>
        api.GetAsync<Page<SectionItemSummary>>(ApiClient.Query("items", [.. FilterQuery(filter), ("limit", limit.ToString()), ("cursor", cursor)]));

    /// <summary>The spreadsheet of every item the filter lists (Downloads saves it).</summary>
    public static string ItemsExport(ItemFilter filter) => ApiClient.Query("items/export", FilterQuery(filter));

    /// <summary>The issue as a .docx in the official bulletin layout.</summary>
    public static string IssueDocument(int year, int number) => $"periodicals/{year}/issues/{number}/document";

    /// <summary>信息工作考核通报 as a spreadsheet, for the same days as <see cref="ScoresAsync"/>.</summary>
    public static string ScoresExport(DateOnly from, DateOnly to) =>
        ApiClient.Query("scores/export", ("from", DayStart(from)), ("to", DayStart(to.AddDays(1))));

    private static (string, string?)[] FilterQuery(ItemFilter filter) =>
    [
        ("unit", filter.Unit), ("status", filter.Status), ("kind", filter.Kind), ("topic", filter.Topic),
        ("from", DayStart(filter.From)), ("to", DayStart(filter.To?.AddDays(1))),
    ];

    public Task<PeriodicalIssueView> PublishIssueAsync(int year, IssueRequest issue, string idempotencyKey) =>
        api.PostAsync<PeriodicalIssueView>($"periodicals/{year}/issues", issue, idempotencyKey);

    public Task<Page<PeriodicalIssueView>> IssuesAsync(int year, string? cursor) =>
        api.GetAsync<Page<PeriodicalIssueView>>(ApiClient.Query($"periodicals/{year}/issues", ("cursor", cursor)));

    public Task<PeriodicalIssueView> IssueAsync(int year, int number) =>
        api.GetAsync<PeriodicalIssueView>($"periodicals/{year}/issues/{number}");

    public async Task<IReadOnlyList<NoticeView>> NoticesAsync() =>
        (await api.GetAsync<Page<NoticeView>>("notices")).Items.OrderByDescending(notice => notice.PublishedAt).ToList();

    public Task<NoticeView> PublishNoticeAsync(NoticeRequest notice, string idempotencyKey) =>
        api.PostAsync<NoticeView>("notices", notice, idempotencyKey);

    /// <summary>The score table for whole days in China time, <paramref name="to"/> included.</summary>
    public Task<ScoreTableView> ScoresAsync(DateOnly from, DateOnly to) =>
        api.GetAsync<ScoreTableView>(ApiClient.Query("scores", ("from", DayStart(from)), ("to", DayStart(to.AddDays(1)))));

    /// <summary>The first moment of a China-time day, as the API reads it.</summary>
    private static string? DayStart(DateOnly? day) =>
        day is { } value ? new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToString("yyyy-MM-ddTHH:mm:sszzz") : null;
}
