using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.NoticeBoardState")]
public sealed class NoticeBoardState
{
    [Id(0)] public List<Notice> Notices { get; set; } = [];
}

/// <summary>A county's notices (通报): priorities, reporting key points, how submissions fared.</summary>
public sealed class NoticeBoardGrain(
    [PersistentState("notices", ProviderNames.GrainStorage)] IPersistentState<NoticeBoardState> state,
    TimeProvider clock,
    ILogger<NoticeBoardGrain> logger) : Grain, INoticeBoardGrain
{
    private readonly Listeners<IInboxObserver> _listeners = new(logger);

    private string CountyCode => this.GetPrimaryKeyString();

    public async Task<Notice> Publish(Caller editor, string noticeId, NoticeDraft draft)
    {
        if (!editor.IsCounty(Role.InfoEditor, CountyCode))
            throw DomainException.Forbidden(zh: "只有县信息科可以发布通报", en: "Only the county information section issues notices.");
        ItemRules.RequireText(draft.Title, "title", ItemRules.MaxTitleLength);
        ItemRules.RequireText(draft.Body, "body", ItemRules.MaxBodyLength);
        for (var i = 0; i < draft.KeyPoints.Count; i++)
            ItemRules.RequireText(draft.KeyPoints[i], $"keyPoints[{i}]", 500);
        if (draft.Audience is { } audience)
        {
            var units = (await GrainFactory.GetGrain<ICountyDirectoryGrain>(GrainKeys.CountyDirectory(CountyCode)).GetUnits())
                .Select(unit => unit.Code).ToHashSet();
            var stranger = audience.FirstOrDefault(code => !units.Contains(code));
            if (audience.Count == 0 || stranger is not null)
                throw stranger is null
                    ? DomainException.Invalid("audience", zh: "通报对象至少要有一个单位", en: "An audience lists at least one unit.")
                    : DomainException.Invalid("audience", zh: $"“{stranger}”不是本县的单位", en: $"'{stranger}' is not a unit of this county.");
        }

        if (state.State.Notices.FirstOrDefault(notice => notice.Id == noticeId) is { } existing)
            return existing;
        var published = new Notice(noticeId, CountyCode, draft.Title.Trim(), draft.Body, draft.KeyPoints, draft.Audience?.Distinct().ToList(),
            clock.GetUtcNow(), editor.Username);
        state.State.Notices.Add(published);
        await state.WriteStateAsync();
        await _listeners.Notify(listener => listener.OnNotice(published));
        return published;
    }

    public Task<IReadOnlyList<Notice>> For(string unitCode) =>
        Task.FromResult<IReadOnlyList<Notice>>(state.State.Notices
            .Where(notice => notice.IsFor(unitCode))
            .OrderByDescending(notice => notice.PublishedAt)
            .ToList());

    public Task Subscribe(IInboxObserver observer) => _listeners.Subscribe(observer);

    public Task Unsubscribe(IInboxObserver observer) => _listeners.Unsubscribe(observer);
}
