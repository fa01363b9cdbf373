using Microsoft.JSInterop;

namespace OfficeMesh.Web.Services;

/// <summary>
/// One of the API's event streams (the duty room's emergencies, a unit's live inbox), held open for a page or
/// the frame. It opens the stream through wwwroot/js/event-stream.js (the stream needs the bearer token, which
/// EventSource cannot send), hands each event on, and reconnects by itself with a growing pause when the stream
/// drops or stays silent past its heartbeat. The owner fills what it may have missed each time <c>ready</c> arrives.
/// </summary>
public sealed class LiveStream(IJSRuntime js, AuthState auth, TimeProvider clock) : IAsyncDisposable
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    private string _path = "";
    private Func<string, string, Task> _onEvent = (_, _) => Task.CompletedTask;
    private IJSObjectReference? _module;
    private IJSObjectReference? _stream;
    private DotNetObjectReference<LiveStream>? _self;
    private CancellationTokenSource? _stop;
    private ITimer? _watchdog;
    private DateTimeOffset _lastHeard;
    private int _failures;
    private bool _disposed;

    /// <summary>Whether the stream is open now.</summary>
    public bool Live { get; private set; }

    /// <summary>The stream opened or dropped.</summary>
    public event Action? LiveChanged;

    /// <summary>Opens the stream at <paramref name="path"/> (under the API's base); each event, <c>ready</c> included, goes to <paramref name="onEvent"/>(type, data).</summary>
    public async Task StartAsync(string path, Func<string, string, Task> onEvent)
    {
        _path = path;
        _onEvent = onEvent;
        _stop = new CancellationTokenSource();
        _self = DotNetObjectReference.Create(this);
        _module = await js.InvokeAsync<IJSObjectReference>("import", "./js/event-stream.js");
        _watchdog = clock.CreateTimer(_ => _ = CheckSilenceAsync(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await OpenAsync();
    }

    /// <summary>A short alert sound (see event-stream.js); false when the browser would not play it.</summary>
    public ValueTask<bool> BeepAsync() => _module?.InvokeAsync<bool>("beep") ?? ValueTask.FromResult(false);

    [JSInvokable]
    public async Task OnEvent(string type, string data)
    {
        _lastHeard = clock.GetUtcNow();
        if (type == "ready")
        {
            _failures = 0;
            SetLive(true);
        }
        await _onEvent(type, data);
    }

    [JSInvokable]
    public async Task OnClosed(int status)
    {
        SetLive(false);
        if (status == 401)
        {
            await auth.ExpiredAsync();
            return;
        }
        await ReconnectLaterAsync();
    }

    private void SetLive(bool live)
    {
        Live = live;
        LiveChanged?.Invoke();
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
        _stream = await _module.InvokeAsync<IJSObjectReference>("open", _path, session.AccessToken, _self);
    }

    /// <summary>No event, not even a heartbeat, for a minute: the connection is dead without having said so.</summary>
    private async Task CheckSilenceAsync()
    {
        if (!Live || clock.GetUtcNow() - _lastHeard < Silence)
            return;
        SetLive(false);
        await OpenAsync();
    }

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
        // The owner disposes its stream when it closes; the container may dispose it again later.
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
