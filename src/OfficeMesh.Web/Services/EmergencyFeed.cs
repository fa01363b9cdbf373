using System.Text.Json;
using Microsoft.JSInterop;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The duty room's live feed of the county's emergencies. It opens the event stream (through
/// wwwroot/js/event-stream.js, since the stream needs the bearer token), fills what it may have
/// missed from the list each time the stream is (re)opened, and reconnects by itself with a growing
/// pause when the stream drops or stays silent past its heartbeat.
/// </summary>
public sealed class EmergencyFeed(IJSRuntime js, ApiClient api, AuthState auth, TimeProvider clock) : IAsyncDisposable
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, SectionItemSummary> _known = new(StringComparer.Ordinal);
    private IJSObjectReference? _module;
    private IJSObjectReference? _stream;
    private DotNetObjectReference<EmergencyFeed>? _self;
    private CancellationTokenSource? _stop;
    private ITimer? _watchdog;
    private DateTimeOffset _lastHeard;
    private int _failures;
    private bool _disposed;

    /// <summary>Whether the stream is open now.</summary>
    public bool Live { get; private set; }

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
        _stop = new CancellationTokenSource();
        _self = DotNetObjectReference.Create(this);
        _module = await js.InvokeAsync<IJSObjectReference>("import", "./js/event-stream.js");
        await FillAsync(announce: false);
        _watchdog = clock.CreateTimer(_ => _ = CheckSilenceAsync(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await OpenAsync();
    }

    public ValueTask<bool> BeepAsync() => _module?.InvokeAsync<bool>("beep") ?? ValueTask.FromResult(false);

    [JSInvokable]
    public async Task OnEvent(string type, string data)
    {
        _lastHeard = clock.GetUtcNow();
        switch (type)
        {
            case "ready":
                // Subscribed: anything that arrived while we were away is in the list now.
                _failures = 0;
                Live = true;
                Changed?.Invoke();
                await FillAsync(announce: true);
                break;
            case "emergency":
                var item = JsonSerializer.Deserialize<SectionItemSummary>(data, ApiClient.Json);
                if (item is not null)
                    await AddAsync(item, announce: true);
                break;
        }
    }

    [JSInvokable]
    public async Task OnClosed(int status)
    {
        Live = false;
        Changed?.Invoke();
        if (status == 401)
        {
            await auth.ExpiredAsync();
            return;
        }
        await ReconnectLaterAsync();
    }

    private async Task ReconnectLaterAsync()
    {
        if (_stop is not { IsCancellationRequested: false } stop)
            return;
        _failures++;
        var pause = TimeSpan.FromSeconds(Math.Min(LongestPause.TotalSeconds, Math.Pow(2, _failures - 1)));
        try
        {
            await Task.Delay(pause, clock, stop.Token);
            await OpenAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task OpenAsync()
    {
        if (_module is null || _stop is not { IsCancellationRequested: false } || auth.Current is not { } session)
            return;
        if (_stream is not null)
            await CloseStreamAsync();
        _lastHeard = clock.GetUtcNow();
        _stream = await _module.InvokeAsync<IJSObjectReference>("open", "api/v1/duty/emergencies/stream", session.AccessToken, _self);
    }

    /// <summary>No event, not even a heartbeat, for a minute: the connection is dead without having said so.</summary>
    private async Task CheckSilenceAsync()
    {
        if (!Live || clock.GetUtcNow() - _lastHeard < Silence)
            return;
        Live = false;
        Changed?.Invoke();
        await OpenAsync();
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

    private async Task CloseStreamAsync()
    {
        var stream = _stream;
        _stream = null;
        if (stream is null) return;
        try
        {
            await stream.InvokeVoidAsync("close");
            await stream.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The page disposes its feed when it closes; the container may dispose it again later.
        if (_disposed) return;
        _disposed = true;
        _stop?.Cancel();
        if (_watchdog is not null)
            await _watchdog.DisposeAsync();
        await CloseStreamAsync();
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); } catch (JSDisconnectedException) { }
        }
        _self?.Dispose();
        _stop?.Dispose();
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
