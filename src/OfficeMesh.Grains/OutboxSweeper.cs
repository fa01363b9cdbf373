using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains;

/// <summary>
/// Repairs after a crash. Each silo asks storage, every <see cref="Period"/>, for outbox rows older than <see cref="Age"/>:
/// a receiver that stored its delivery has cleared its row well before, so such a row means the sender died before
/// delivering or the receiver died before storing. The sender is asked to deliver again, which activates it (and the
/// receiver) wherever the cluster places them now. At a silo's start every row counts as old (<see cref="CaughtUpAsync"/>).
/// </summary>
public sealed class OutboxSweeper(IGrainFactory grains, IServiceProvider services, ILogger<OutboxSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Age = TimeSpan.FromSeconds(2);
    private const int Batch = 500;

    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Completes once this silo has asked every sender owing anything at its start to deliver again (or after
    /// <see cref="Age"/>, if a sender cannot be reached yet), so a list read just after a restart is already whole.
    /// </summary>
    public Task CaughtUpAsync() => _firstPass.Task.IsCompleted ? Task.CompletedTask : Task.WhenAny(_firstPass.Task, Task.Delay(Age));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OutboxSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(SweepLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task SweepLoopAsync()
    {
        if (services.GetService(typeof(IOutboxStore)) is not IOutboxStore store)
        {
            _firstPass.TrySetResult();
            return;
        }
        var age = TimeSpan.Zero;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var overdue = await store.OverdueAsync(age, Batch, _stopping.Token);
                OfficeMeshMetrics.ReportOutboxBacklog(overdue.Count);
                foreach (var chunk in overdue.Chunk(50))
                    await Task.WhenAll(chunk.Select(RedeliverAsync));
            }
            catch (Exception error) when (!_stopping.IsCancellationRequested)
            {
                logger.LogWarning(error, "The outbox could not be read; trying again in {Period}", Period);
            }
            _firstPass.TrySetResult();
            age = Age;
            try
            {
                await Task.Delay(Period, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RedeliverAsync(string itemId)
    {
        try
        {
            await grains.GetGrain<IItemGrain>(GrainKeys.Item(itemId)).Redeliver();
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Item {ItemId} could not deliver its outbox yet; the next sweep asks again", itemId);
        }
    }
}
