using System.Text.Json;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The unit's inbox kept live for the whole tab: the header's count and the home page read it. It listens on
/// the inbox stream (a <see cref="LiveStream"/>, which reconnects by itself) and re-reads the inbox each time the
/// stream is (re)opened, so nothing that landed while it was away is missed. Started for unit accounts only;
/// another person signing in on the tab starts it afresh.
/// </summary>
public sealed class InboxFeed(IServiceProvider services, ApiClient api, AuthState auth) : IAsyncDisposable
{
    private Dictionary<string, InboxEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    // Entries the stream brought while the inbox was being re-read: the list read may predate them.
    private readonly List<InboxEntry> _streamedDuringFill = [];
    private int _filling;
    private LiveStream? _stream;
    private string? _owner;

    /// <summary>Whether the inbox has been read once.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Why the inbox could not be read, when it could not.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the stream is open now.</summary>
    public bool Live => _stream?.Live == true;

    /// <summary>What waits on the unit, oldest first.</summary>
    public IReadOnlyList<InboxEntry> Entries => _entries.Values.OrderBy(entry => entry.Since).ToList();

    public int Count => _entries.Count;

    /// <summary>Whether the entry arrived while this tab was open (not in the inbox when it was first read).</summary>
    public bool IsFresh(InboxEntry entry) => _fresh.Contains(Key(entry));

    /// <summary>The inbox or the connection changed.</summary>
    public event Action? Changed;

    /// <summary>Entries that landed since the inbox was first read, as they arrive (several after a reconnection).</summary>
    public event Func<IReadOnlyList<InboxEntry>, Task>? Arrived;

    /// <summary>Starts listening for the signed-in unit account (nothing for others); calling it again changes nothing.</summary>
    public async Task StartAsync()
    {
        if (auth.Current is not { UnitCode: not null } session || !auth.IsSignedIn)
        {
            await StopAsync();
            return;
        }
        if (_owner == session.Username && _stream is not null)
            return;
        await StopAsync();
        _owner = session.Username;
        auth.Changed += OnAuthChanged;
        _stream = services.GetRequiredService<LiveStream>();
        _stream.LiveChanged += OnLiveChanged;
        await FillAsync(announce: false);
        await _stream.StartAsync("api/v1/inbox/stream", OnEventAsync);
    }

    /// <summary>Re-reads the inbox (what was dealt with leaves it); entries new since are announced.</summary>
    public Task RefreshAsync() => _stream is null ? StartAsync() : FillAsync(announce: Loaded);

    private async Task OnEventAsync(string type, string data)
    {
        switch (type)
        {
            case "ready":
                // Listening: whatever landed while we were away is in the inbox now.
                await FillAsync(announce: Loaded);
                break;
            case "inbox":
                if (JsonSerializer.Deserialize<InboxEntry>(data, ApiClient.Json) is { Type: "review" } review)
                {
                    // An item newly waiting for review: the inbox counts those per channel, so say so and read the counts again.
                    await AnnounceAsync([review]);
                    await FillAsync(announce: false);
                }
                else if (JsonSerializer.Deserialize<InboxEntry>(data, ApiClient.Json) is { } entry)
                {
                    if (_filling > 0)
                        _streamedDuringFill.Add(entry);
                    if (_entries.TryAdd(Key(entry), entry))
                        await AnnounceAsync([entry]);
                }
                break;
        }
    }

    private async Task FillAsync(bool announce)
    {
        _filling++;
        try
        {
            var read = (await api.GetAsync<Page<InboxEntry>>("inbox")).Items;
            var next = read.Concat(_streamedDuringFill).DistinctBy(Key).ToDictionary(Key, StringComparer.Ordinal);
            var landed = next.Where(pair => !_entries.ContainsKey(pair.Key)).Select(pair => pair.Value).ToList();
            _entries = next;
            Error = null;
            Loaded = true;
            if (announce && landed.Count > 0)
                await AnnounceAsync(landed);
        }
        catch (ApiException failure)
        {
            // The stream reconnects, and the inbox is read again then.
            Error ??= failure.Message;
        }
        finally
        {
            if (--_filling == 0)
                _streamedDuringFill.Clear();
        }
        Changed?.Invoke();
    }

    private async Task AnnounceAsync(IReadOnlyList<InboxEntry> landed)
    {
        foreach (var entry in landed)
            _fresh.Add(Key(entry));
        Changed?.Invoke();
        if (Arrived is { } arrived)
            await arrived(landed);
    }

    private void OnLiveChanged() => Changed?.Invoke();

    private void OnAuthChanged()
    {
        if (auth.Current?.Username != _owner)
            _ = StopAsync();
    }

    private async Task StopAsync()
    {
        auth.Changed -= OnAuthChanged;
        _owner = null;
        _entries = new(StringComparer.Ordinal);
        _fresh.Clear();
        Loaded = false;
        var stream = _stream;
        _stream = null;
        if (stream is not null)
        {
            stream.LiveChanged -= OnLiveChanged;
            await stream.DisposeAsync();
        }
    }

    private static string Key(InboxEntry entry) => $"{entry.Type}:{entry.Id}";

    public ValueTask DisposeAsync() => new(StopAsync());
}
