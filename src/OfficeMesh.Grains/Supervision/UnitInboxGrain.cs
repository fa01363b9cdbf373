using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Supervision;

[GenerateSerializer, Alias("OfficeMesh.UnitInboxState")]
public sealed class UnitInboxState
{
    [Id(0)] public Dictionary<string, InboxEntry> Entries { get; set; } = [];
}

/// <summary>
/// What waits on one unit (五个不让): returned items, open cases, urgings, coordinations awaiting its
/// answer. Items, cases and coordinations put and remove their own entries; lights are computed when read.
/// An entry new to the inbox goes at once to the unit's live inbox streams (see <see cref="IInboxObserver"/>).
/// </summary>
public sealed class UnitInboxGrain(
    [PersistentState("inbox", ProviderNames.GrainStorage)] IPersistentState<UnitInboxState> state,
    TimeProvider clock,
    ILogger<UnitInboxGrain> logger) : Grain, IUnitInboxGrain
{
    private readonly Listeners<IInboxObserver> _listeners = new(logger);

    public async Task Put(InboxEntry entry)
    {
        var key = Key(entry.Type, entry.Id);
        var isNew = !state.State.Entries.TryGetValue(key, out var known);
        if (known == entry)
            return;
        state.State.Entries[key] = entry;
        await state.WriteStateAsync();
        if (isNew)
        {
            var shown = Shown(entry, clock.GetUtcNow());
            await _listeners.Notify(listener => listener.OnEntry(shown));
        }
    }

    public async Task Remove(string type, string id)
    {
        // A closed case or an answered coordination takes its urgings with it.
        var urgingPrefix = $"{InboxTypes.Urging}:{id}/";
        var gone = state.State.Entries.Keys.Where(key => key == Key(type, id) || key.StartsWith(urgingPrefix, StringComparison.Ordinal)).ToList();
        if (gone.Count == 0)
            return;
        foreach (var key in gone)
            state.State.Entries.Remove(key);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<InboxEntry>> List()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<InboxEntry>>(state.State.Entries.Values
            .Select(entry => Shown(entry, now))
            .OrderBy(entry => entry.Since)
            .ToList());
    }

    public Task Announce(InboxEntry entry) => _listeners.Notify(listener => listener.OnEntry(entry));

    public Task Subscribe(IInboxObserver observer) => _listeners.Subscribe(observer);

    public Task Unsubscribe(IInboxObserver observer) => _listeners.Unsubscribe(observer);

    /// <summary>The entry as the unit sees it at <paramref name="now"/>: cases and coordinations with their light.</summary>
    private static InboxEntry Shown(InboxEntry entry, DateTimeOffset now) =>
        entry is { Type: InboxTypes.Case or InboxTypes.Coordination, DueAt: { } due }
            ? entry with { Light = Deadlines.LightAt(entry.Since, due, now, closedAt: null) }
            : entry;

    private static string Key(string type, string id) => $"{type}:{id}";
}
