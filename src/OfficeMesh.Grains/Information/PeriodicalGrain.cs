using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.PeriodicalState")]
public sealed class PeriodicalState
{
    [Id(0)] public List<PeriodicalIssue> Issues { get; set; } = [];

    /// <summary>Outbox: issues whose items have not all been marked published yet.</summary>
    [Id(1)] public List<int> PlacementsOwed { get; set; } = [];
}

/// <summary>
/// A county's periodical for one year (e.g. 《淳安信息》). One grain per county and year hands out
/// issue numbers one call at a time, so two editors publishing at once get 1 and 2, never the same
/// number and never a gap. The issue and the debt to mark its items are stored together.
/// </summary>
public sealed class PeriodicalGrain(
    [PersistentState("periodical", ProviderNames.GrainStorage)] IPersistentState<PeriodicalState> state,
    TimeProvider clock,
    ILogger<PeriodicalGrain> logger) : Grain, IPeriodicalGrain
{
    private Outbox _outbox = null!;

    public const int MaxEntries = 200;

    private string CountyCode => this.GetPrimaryKeyString().Split('/')[0];
    private int Year => int.Parse(this.GetPrimaryKeyString().Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, () => state.State.PlacementsOwed.Count > 0, DeliverPlacementsAsync, logger);
        await DeliverAndStoreAsync();
    }

    public async Task<PeriodicalIssue> Publish(Caller editor, string? title, IReadOnlyList<PeriodicalRequestEntry> entries)
    {
        if (!editor.IsCounty(Role.InfoEditor, CountyCode))
            throw DomainException.Forbidden(zh: "只有县信息科可以编发本县刊物", en: "Only the county information section publishes its periodical.");
        if (title is { Length: > 200 })
            throw DomainException.Invalid("title", zh: "标题不能超过200个字", en: "The title must be at most 200 characters.");
        if (entries.Count is 0 or > MaxEntries)
            throw DomainException.Invalid("entries", zh: $"每期刊物须有1至{MaxEntries}条信息", en: $"An issue has 1 to {MaxEntries} entries.");
        if (entries.Select(entry => entry.ItemId).Distinct().Count() != entries.Count)
            throw DomainException.Invalid("entries", zh: "同一条信息在一期刊物中只能出现一次", en: "An item appears in an issue once.");

        var published = new List<PeriodicalEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            ItemRules.RequireText(entry.Column, $"entries[{i}].column", 50);
            ItemSummary item;
            try
            {
                item = await GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(entry.ItemId)).CheckPublishable(CountyCode);
            }
            catch (DomainException missing) when (missing.Error == DomainError.NotFound)
            {
                throw DomainException.Invalid($"entries[{i}].itemId", zh: $"本县没有编号为“{entry.ItemId}”的信息", en: $"There is no item '{entry.ItemId}' in this county.");
            }
            published.Add(new PeriodicalEntry(entry.ItemId, entry.Column.Trim(), item.Title, item.UnitCode));
        }

        var issue = new PeriodicalIssue(CountyCode, Year, state.State.Issues.Count + 1, title?.Trim(), clock.GetUtcNow(), editor.Username, published);
        state.State.Issues.Add(issue);
        state.State.PlacementsOwed.Add(issue.Number);
        await state.WriteStateAsync();
        await DeliverAndStoreAsync();
        return issue;
    }

    public Task<PeriodicalIssue?> GetIssue(int number) =>
        Task.FromResult(number >= 1 && number <= state.State.Issues.Count ? state.State.Issues[number - 1] : null);

    public Task<IReadOnlyList<PeriodicalIssueSummary>> ListIssues() =>
        Task.FromResult<IReadOnlyList<PeriodicalIssueSummary>>(state.State.Issues
            .Select(issue => new PeriodicalIssueSummary(issue.CountyCode, issue.Year, issue.Number, issue.Title, issue.PublishedAt, issue.Editor, issue.Entries.Count))
            .Reverse()
            .ToList());

    private async Task DeliverAndStoreAsync()
    {
        if (_outbox.Owes && await _outbox.DeliverAsync())
            await state.WriteStateAsync();
    }

    /// <summary>Marks the items of each issue published, clearing the issue from the outbox once all are marked.</summary>
    private async Task DeliverPlacementsAsync()
    {
        foreach (var number in state.State.PlacementsOwed.ToList())
        {
            var issue = state.State.Issues[number - 1];
            await Task.WhenAll(issue.Entries.Select(entry => GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(entry.ItemId))
                .MarkPublished(new PeriodicalPlacement(issue.Year, issue.Number, entry.Column), issue.Editor)));
            state.State.PlacementsOwed.Remove(number);
        }
    }
}
