using OfficeMesh.Contracts;
using Orleans.Storage;

namespace OfficeMesh.Grains.Information;

/// <summary>One stored page of a partition's summaries.</summary>
[GenerateSerializer, Alias("OfficeMesh.SummaryPage")]
public sealed class SummaryPage
{
    [Id(0)] public List<ItemSummary> Items { get; set; } = [];
}

/// <summary>How many pages a partition has stored.</summary>
[GenerateSerializer, Alias("OfficeMesh.SummaryPageCount")]
public sealed class SummaryPageCount
{
    [Id(0)] public int Pages { get; set; }
}

/// <summary>
/// The item summaries a receiver of items' outboxes holds (an index partition, a county's emergency channel). Summaries
/// arrive in memory; <see cref="StoreAsync"/> stores what changed, in pages of <see cref="PageSize"/> filled in arrival
/// order (a burst of new items rewrites the last page or two, not the month), and only then clears the senders'
/// outbox rows. Until cleared, a row stands for a summary this partition might not hold after a crash.
/// Runs on its grain's scheduler; a write stores snapshots taken on the grain's turn, as the grain is reentrant.
/// A page is never overwritten blindly: while a cluster converges two activations of a receiver may briefly live on two
/// silos, and an activation that died between a page and the page count leaves a page nobody counted. A write that
/// finds another's page (a stale ETag) merges it and writes the union, and the holder reloads when idle.
/// </summary>
public sealed class SummaryPartition
{
    public const int PageSize = 50;

    private readonly OwnedStates _store;
    private readonly string _stateName;
    private readonly string _receiver;
    private readonly IOutboxStore? _outbox;
    private readonly Action _onForeignWrite;
    private readonly GroupCommit _writes;
    private readonly Dictionary<string, ItemSummary> _items = [];
    private readonly Dictionary<string, int> _pageOf = [];
    private readonly List<(List<string> Ids, GrainState<SummaryPage> Stored)> _pages = [];
    private readonly GrainState<SummaryPageCount> _pageCount;
    private Dictionary<string, Delivery> _received = [];
    private int _storedPages;

    private SummaryPartition(OwnedStates store, string stateName, string receiver, IOutboxStore? outbox, Action onForeignWrite,
        GrainState<SummaryPageCount> pageCount)
    {
        (_store, _stateName, _receiver, _outbox, _onForeignWrite, _pageCount) = (store, stateName, receiver, outbox, onForeignWrite, pageCount);
        _storedPages = pageCount.State!.Pages;
        _writes = new GroupCommit(WriteAsync);
    }

    /// <summary>
    /// Reads the pages stored under <paramref name="stateName"/>; <paramref name="receiver"/> is the holder's key in senders'
    /// outboxes; <paramref name="onForeignWrite"/> is told when a write found pages another activation stored.
    /// </summary>
    public static async Task<SummaryPartition> LoadAsync(OwnedStates store, string stateName, string receiver, IOutboxStore? outbox, Action onForeignWrite)
    {
        var partition = new SummaryPartition(store, stateName, receiver, outbox, onForeignWrite, await store.ReadAsync<SummaryPageCount>(stateName));
        var pages = await Task.WhenAll(Enumerable.Range(0, partition._storedPages).Select(number => store.ReadAsync<SummaryPage>(partition.PageName(number))));
        foreach (var page in pages)
        {
            partition._pages.Add(([], page));
            partition.Merge(partition._pages.Count - 1, page.State!.Items);
        }
        return partition;
    }

    public IReadOnlyCollection<ItemSummary> Items => _items.Values;

    public bool Contains(string itemId) => _items.ContainsKey(itemId);

    /// <summary>Idempotent and ordered by version; stored, and its outbox row cleared, at the next <see cref="StoreAsync"/>.</summary>
    public void Apply(ItemSummary summary, Delivery delivery)
    {
        if (!_items.TryGetValue(summary.Id, out var known))
            AddToLastPage(summary.Id);
        if (known is null || known.Version <= summary.Version)
            _items[summary.Id] = summary;
        _received[summary.Id] = delivery;
    }

    /// <summary>Stores what arrived since the last write, if anything.</summary>
    public Task StoreAsync() => _received.Count > 0 ? _writes.FlushAsync() : Task.CompletedTask;

    private string PageName(int number) => $"{_stateName}-{number}";

    private void AddToLastPage(string itemId)
    {
        if (_pages.Count == 0 || _pages[^1].Ids.Count >= PageSize)
            _pages.Add(([], new GrainState<SummaryPage>(new SummaryPage())));
        _pages[^1].Ids.Add(itemId);
        _pageOf[itemId] = _pages.Count - 1;
    }

    private async Task WriteAsync()
    {
        var writing = _received;
        _received = [];
        try
        {
            // Snapshots are taken here, on the grain's turn, before the first await (a merge takes its own after its read).
            await Task.WhenAll(writing.Keys.Select(id => _pageOf[id]).Distinct().Select(WritePage).ToList());
            // Pages first, then their count: a page stored but not yet counted is stored again, as its rows are not yet cleared.
            if (_storedPages < _pages.Count)
            {
                var count = _pages.Count;
                await WritePageCount(count);
                _storedPages = count;
            }
        }
        catch
        {
            foreach (var (id, delivery) in writing)
                _received.TryAdd(id, delivery);
            throw;
        }
        if (_outbox is not null)
            await _outbox.ClearAsync(_receiver, writing.Values);
    }

    private Task WritePage(int number)
    {
        var (ids, stored) = _pages[number];
        stored.State = Snapshot(ids);
        return WriteMergingAsync(PageName(number), stored, page =>
        {
            Merge(number, page.Items);
            return Snapshot(ids);
        });
    }

    private Task WritePageCount(int count)
    {
        _pageCount.State = new SummaryPageCount { Pages = count };
        return WriteMergingAsync(_stateName, _pageCount, stored => new SummaryPageCount { Pages = Math.Max(count, stored.Pages) });
    }

    private SummaryPage Snapshot(List<string> ids) => new() { Items = ids.Select(id => _items[id]).ToList() };

    /// <summary>
    /// Writes <paramref name="state"/>; should another activation have stored it meanwhile (a stale ETag), writes instead
    /// what <paramref name="mergeStored"/> makes of the stored one and ours, and tells the holder.
    /// </summary>
    private async Task WriteMergingAsync<T>(string name, GrainState<T> state, Func<T, T> mergeStored) where T : new()
    {
        try
        {
            await _store.WriteAsync(name, state);
        }
        catch (InconsistentStateException)
        {
            var current = await _store.ReadAsync<T>(name);
            (state.ETag, state.RecordExists) = (current.ETag, current.RecordExists);
            state.State = mergeStored(current.State!);
            await _store.WriteAsync(name, state);
            _onForeignWrite();
        }
    }

    /// <summary>
    /// Takes in the summaries stored on page <paramref name="number"/>: each stays on it (also if held on another page too,
    /// until that page is stored), and a newer version replaces an older.
    /// </summary>
    private void Merge(int number, IEnumerable<ItemSummary> stored)
    {
        var ids = _pages[number].Ids;
        foreach (var summary in stored)
        {
            if (!ids.Contains(summary.Id))
                ids.Add(summary.Id);
            if (!_items.TryGetValue(summary.Id, out var known))
                _pageOf[summary.Id] = number;
            if (known is null || known.Version < summary.Version)
                _items[summary.Id] = summary;
        }
    }
}
