namespace OfficeMesh.Web.Services;

/// <summary>An upper office's (市、省) view: the items county information sections forwarded to it.</summary>
public sealed class UpperService(ApiClient api)
{
    public Task<Page<SectionItemSummary>> InboxAsync(string? cursor) =>
        api.GetAsync<Page<SectionItemSummary>>(ApiClient.Query("upper/inbox", ("limit", SectionService.PageSize.ToString()), ("cursor", cursor)));
}
