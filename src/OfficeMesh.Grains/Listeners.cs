using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace OfficeMesh.Grains;

/// <summary>
/// The live listeners of a grain (an event stream of the API on some silo, through its observer reference).
/// A subscription lasts a minute unless renewed, so a listener whose silo or connection vanished is forgotten;
/// a notification that fails drops that listener at once.
/// </summary>
public sealed class Listeners<TObserver>(ILogger logger) where TObserver : IGrainObserver
{
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<TObserver> _observers = new(SubscriptionLifetime, logger);

    public Task Subscribe(TObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(TObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Notify(Func<TObserver, Task> notification) =>
        _observers.Count == 0 ? Task.CompletedTask : _observers.Notify(notification);
}
