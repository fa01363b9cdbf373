using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace OfficeMesh.Api.Http;

/// <summary>
/// What one kind of event stream listens to: the observer it hands to grains (made around the stream's queue),
/// how to subscribe it (again on each renewal) and unsubscribe it, the event name, and which arrivals the caller
/// may see (an arrival not admitted is skipped; without <c>Admit</c>, every one is sent).
/// </summary>
public sealed record ObservedFeed<TObserver, T>(
    string EventType,
    Func<ChannelWriter<T>, TObserver> CreateReceiver,
    Func<TObserver, Task> Subscribe,
    Func<TObserver, Task> Unsubscribe,
    Func<T, Task<bool>>? Admit = null) where TObserver : class, IGrainObserver where T : class;

/// <summary>The local end of a stream's observer: puts each arrival in the stream's bounded queue.</summary>
public abstract class StreamReceiver<T>(ChannelWriter<T> arrivals)
{
    protected Task Enqueue(T arrival)
    {
        // A full queue means the client stopped keeping up: end its stream instead of queueing without bound.
        if (!arrivals.TryWrite(arrival))
            arrivals.TryComplete();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Server-sent events fed by grain observers (the duty room's emergencies, a unit's live inbox). The observer
/// reference works across the cluster, so the grain may live on any silo. A stream first sends <c>ready</c> once
/// subscribed (whatever arrives later is sent; what came before is in the matching list), then one event per
/// arrival, and a <c>heartbeat</c> after 25 s of silence so proxies keep it open.
/// </summary>
public static class ObservedEventStreams
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan SubscriptionRenewal = TimeSpan.FromSeconds(20);

    /// <summary>Opens the stream for the caller, or answers 429 when the account already holds its maximum of streams.</summary>
    public static IResult Open<TObserver, T>(HttpContext http, IGrainFactory grains, EventStreamLimiter streams, string username,
        ObservedFeed<TObserver, T> feed) where TObserver : class, IGrainObserver where T : class
    {
        if (streams.TryOpen(username) is not { } slot)
            return TooManyRequests.Problem(http, TimeSpan.FromSeconds(30), zh: "该账号打开的实时推送已达上限，请先关闭一个",
                en: "This account has as many event streams open as it may; close one first.");
        // Freed when the stream ends, and in any case when the request does (disposing twice is harmless).
        http.Response.RegisterForDispose(slot);
        return TypedResults.ServerSentEvents(Follow(feed, grains, slot, streams.QueueCapacity, http.RequestAborted));
    }

    /// <summary>
    /// Listens for as long as the client stays connected, renewing the subscription so grains forget listeners
    /// that vanished. Arrivals wait in a bounded queue: a client too slow to drain it is disconnected (it
    /// reconnects and reads what it missed from the list) rather than holding ever more memory here.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<T?>> Follow<TObserver, T>(ObservedFeed<TObserver, T> feed, IGrainFactory grains,
        IDisposable slot, int queueCapacity, [EnumeratorCancellation] CancellationToken cancellation)
        where TObserver : class, IGrainObserver where T : class
    {
        using var heldSlot = slot;
        var arrivals = Channel.CreateBounded<T>(new BoundedChannelOptions(queueCapacity) { SingleReader = true });
        // Orleans holds an observer only weakly: this local keeps it alive for as long as the stream runs.
        var receiver = feed.CreateReceiver(arrivals.Writer);
        var listener = grains.CreateObjectReference<TObserver>(receiver);
        await feed.Subscribe(listener);
        using var renewal = new PeriodicTimer(SubscriptionRenewal);
        var renewing = RenewAsync(feed, listener, renewal, cancellation);
        try
        {
            yield return new(null, "ready");
            while (!cancellation.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                heartbeat.CancelAfter(Heartbeat);
                T? arrived = null;
                try
                {
                    arrived = await arrivals.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                }
                catch (ChannelClosedException)
                {
                    yield break;
                }
                if (arrived is null)
                    yield return new(null, "heartbeat");
                else if (feed.Admit is null || await feed.Admit(arrived))
                    yield return new(arrived, feed.EventType);
            }
        }
        finally
        {
            renewal.Dispose();
            await renewing;
            await feed.Unsubscribe(listener);
            grains.DeleteObjectReference<TObserver>(listener);
            GC.KeepAlive(receiver);
        }
    }

    private static async Task RenewAsync<TObserver, T>(ObservedFeed<TObserver, T> feed, TObserver listener, PeriodicTimer renewal, CancellationToken cancellation)
        where TObserver : class, IGrainObserver where T : class
    {
        try
        {
            while (await renewal.WaitForNextTickAsync(cancellation))
                await feed.Subscribe(listener);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
