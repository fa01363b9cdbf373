using OfficeMesh.Contracts;

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
/// Item summaries kept by a grain that watches over items (an index partition, a county's emergency
/// channel). Stored in two parts so that no item waits for the summaries to be rewritten: the announced
/// changes (<see cref="AnnouncementLog"/>), which an item waits for before storing its change, and the
/// summaries, stored on the holder's timer. An announcement is dropped from storage only after the summary covering it is stored,
/// so a crash anywhere leaves an announcement to repair from (see <see cref="PendingChanges"/>).
/// The summaries are stored in pages of <see cref="PageSize"/>, filled in arrival order, and a write stores
/// only the pages that changed: a burst of new items costs the last page or two, not the whole month.
/// Runs on its grain's scheduler; the grain must be reentrant so repairs can call items that call back.
/// Because it is, the grain keeps working copies and gives storage a snapshot for each write: a storage
/// provider may serialize on another thread after its first await, while interleaved calls change the data.
/// </summary>
public sealed class SummaryPartition
{
    // Small pages: with hundreds of counties each partition gains a few items a second, and every store
    // rewrites the partly filled last page.
    public const int PageSize = 50;

    // Cleared announcements are stored with the next announcement, or after this long at the latest: until
    // then a crash only repeats a repair of something already delivered.
    private static readonly TimeSpan ClearingDelay = TimeSpan.FromSeconds(5);

    private readonly OwnedStates _store;
    private readonly string _stateName;
    private readonly AnnouncementLog _announced;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _activatedAt;
    private readonly GroupCommit _summaryWrites;
    private readonly Dictionary<string, ItemSummary> _items = [];
    private readonly Dictionary<string, int> _pageOf = [];
    private readonly List<(List<string> Ids, GrainState<SummaryPage> Stored)> _pages = [];
    private readonly GrainState<SummaryPageCount> _pageCount;
    private int _storedPages;
    private DateTimeOffset _clearedAt;

    // Summaries received in memory but not yet stored; a write takes them all at once.
    private Dictionary<string, int> _receivedSinceWrite = [];
    private Dictionary<string, int> _beingWritten = [];

    private SummaryPartition(OwnedStates store, string stateName, AnnouncementLog announced, GrainState<SummaryPageCount> pageCount,
        IGrainFactory grains, TimeProvider clock)
    {
        (_store, _stateName, _announced, _pageCount, _grains, _clock) = (store, stateName, announced, pageCount, grains, clock);
        _storedPages = pageCount.State!.Pages;
        _activatedAt = _clearedAt = clock.GetUtcNow();
        _summaryWrites = new GroupCommit(WriteSummariesAsync);
    }

    /// <summary>Reads the pages and announcements stored under <paramref name="stateName"/> by their holder.</summary>
    public static async Task<SummaryPartition> LoadAsync(OwnedStates store, string stateName, IGrainFactory grains, TimeProvider clock)
    {
        var announced = AnnouncementLog.LoadAsync(store, stateName);
        var pageCount = store.ReadAsync<SummaryPageCount>(stateName);
        var partition = new SummaryPartition(store, stateName, await announced, await pageCount, grains, clock);
        var pages = await Task.WhenAll(Enumerable.Range(0, partition._storedPages).Select(number => store.ReadAsync<SummaryPage>(partition.PageName(number))));
        foreach (var page in pages)
        {
            partition._pages.Add((page.State!.Items.Select(item => item.Id).ToList(), page));
            foreach (var summary in page.State.Items)
            {
                partition._items[summary.Id] = summary;
                partition._pageOf[summary.Id] = partition._pages.Count - 1;
            }
        }
        return partition;
    }

    public IReadOnlyCollection<ItemSummary> Items => _items.Values;

    /// <summary>Announced changes not yet stored with the summaries.</summary>
    public int Backlog => _announced.Count;

    public bool Contains(string itemId) => _items.ContainsKey(itemId);

    public Task ExpectAsync(string itemId, int version) => _announced.ExpectAsync(itemId, version, _clock.GetUtcNow());

    /// <summary>Idempotent and ordered by version; stored at the next <see cref="StoreAsync"/>.</summary>
    public void Apply(ItemSummary summary)
    {
        if (!_items.TryGetValue(summary.Id, out var known))
            AddToLastPage(summary.Id);
        if (known is null || known.Version < summary.Version)
            _items[summary.Id] = summary;
        if (!_receivedSinceWrite.TryGetValue(summary.Id, out var received) || received < summary.Version)
            _receivedSinceWrite[summary.Id] = summary.Version;
    }

    /// <summary>Asks items whose announced change never arrived to recover, and applies what they hold.</summary>
    public async Task RepairAsync()
    {
        foreach (var summary in await _announced.RepairAsync(_grains, _clock.GetUtcNow(), _activatedAt, Received))
            Apply(summary);
    }

    /// <summary>
    /// Stores what was received since the last write, if anything, and from time to time (or when
    /// <paramref name="final"/>) the announcements those writes cleared.
    /// </summary>
    public async Task StoreAsync(bool final = false)
    {
        if (_receivedSinceWrite.Count > 0)
            await _summaryWrites.FlushAsync();
        var now = _clock.GetUtcNow();
        if (final || now - _clearedAt >= ClearingDelay)
        {
            _clearedAt = now;
            await _announced.FlushAsync();
        }
    }

    private string PageName(int number) => $"{_stateName}-{number}";

    private void AddToLastPage(string itemId)
    {
        if (_pages.Count == 0 || _pages[^1].Ids.Count >= PageSize)
            _pages.Add(([], new GrainState<SummaryPage>(new SummaryPage())));
        _pages[^1].Ids.Add(itemId);
        _pageOf[itemId] = _pages.Count - 1;
    }

    private bool Received(string itemId) => _receivedSinceWrite.ContainsKey(itemId) || _beingWritten.ContainsKey(itemId);

    private async Task WriteSummariesAsync()
    {
        (_beingWritten, _receivedSinceWrite) = (_receivedSinceWrite, []);
        try
        {
            // Snapshots are taken here, on the grain's turn, before the first await.
            var writes = _beingWritten.Keys.Select(id => _pageOf[id]).Distinct().Select(WritePage).ToList();
            await Task.WhenAll(writes);
            // Pages first, then their count: a page stored but not yet counted only repeats what announcements repair.
            if (_storedPages < _pages.Count)
            {
                var count = _pages.Count;
                _pageCount.State = new SummaryPageCount { Pages = count };
                await _store.WriteAsync(_stateName, _pageCount);
                _storedPages = count;
            }
        }
        catch
        {
            foreach (var (id, version) in _beingWritten)
                _receivedSinceWrite[id] = Math.Max(version, _receivedSinceWrite.GetValueOrDefault(id));
            _beingWritten = [];
            throw;
        }
        foreach (var (id, version) in _beingWritten)
            _announced.Resolve(id, version);
        _beingWritten = [];
    }

    private Task WritePage(int number)
    {
        var (ids, stored) = _pages[number];
        stored.State = new SummaryPage { Items = ids.Select(id => _items[id]).ToList() };
        return _store.WriteAsync(PageName(number), stored);
    }
}
