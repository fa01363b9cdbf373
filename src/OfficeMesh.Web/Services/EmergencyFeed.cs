using System.Text.Json;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The duty room's live feed of the county's emergencies: the emergency stream (a <see cref="LiveStream"/>,
/// which reconnects by itself), and what it may have missed filled from the list each time it is (re)opened.
/// </summary>
public sealed class EmergencyFeed(LiveStream stream, ApiClient api) : IAsyncDisposable
{
    private readonly Dictionary<string, SectionItemSummary> _known = new(StringComparer.Ordinal);

    /// <summary>Whether the stream is open now.</summary>
    public bool Live => stream.Live;

    /// <summary>Whether the list has been read once, so the board can show it.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The emergencies seen, newest first.</summary>
    public IReadOnlyList<SectionItemSummary> Emergencies => _known.Values.OrderByDescending(item => ReceivedAt(item)).ToList();

    /// <summary>The list or the connection changed.</summary>
    public event Action? Changed;

    /// <summary>An emergency arrived that was not on the board before (not those filled in at start).</summary>
    public event Func<SectionItemSummary, Task>? Arrived;

    public async Task StartAsync()
    {
        stream.LiveChanged += OnLiveChanged;
        await FillAsync(announce: false);
        await stream.StartAsync("api/v1/duty/emergencies/stream", OnEventAsync);
    }

    public ValueTask<bool> BeepAsync() => stream.BeepAsync();

    private void OnLiveChanged() => Changed?.Invoke();

    private async Task OnEventAsync(string type, string data)
    {
        switch (type)
        {
            case "ready":
                // Subscribed: anything that arrived while we were away is in the list now.
                await FillAsync(announce: true);
                break;
            case "emergency":
                var item = JsonSerializer.Deserialize<SectionItemSummary>(data, ApiClient.Json);
                if (item is not null)
                    await AddAsync(item, announce: true);
                break;
        }
    }

    private async Task FillAsync(bool announce)
    {
        try
        {
            var page = await api.GetAsync<Page<SectionItemSummary>>("duty/emergencies?limit=100");
            foreach (var item in page.Items.OrderBy(ReceivedAt))
                await AddAsync(item, announce);
        }
        catch (ApiException)
        {
            // The stream reports the trouble and reconnects; the list is read again then.
        }
        Loaded = true;
        Changed?.Invoke();
    }

    private async Task AddAsync(SectionItemSummary item, bool announce)
    {
        var isNew = !_known.ContainsKey(item.Id);
        _known[item.Id] = item;
        Changed?.Invoke();
        if (isNew && announce && Arrived is { } arrived)
            await arrived(item);
    }

    private static DateTimeOffset ReceivedAt(SectionItemSummary item) => item.Emergency?.ReceivedAt ?? item.SubmittedAt;

    public async ValueTask DisposeAsync()
    {
        stream.LiveChanged -= OnLiveChanged;
        await stream.DisposeAsync();
    }
}

/// <summary>How an emergency's receipt reads on the board: on time, or 迟报 with the minutes past two hours.</summary>
public static class EmergencyTiming
{
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(2);

    /// <summary>Minutes past the two-hour deadline, for a late one; null when on time.</summary>
    public static int? LateMinutes(EmergencyReceipt? receipt) =>
        receipt is { OnTime: false } late ? Math.Max(1, (int)(late.ReceivedAt - late.OccurredAt - Deadline).TotalMinutes) : null;
}
