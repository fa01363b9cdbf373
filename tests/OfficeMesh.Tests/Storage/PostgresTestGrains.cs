using System.Collections.Concurrent;
using OfficeMesh.Contracts;
using Orleans;
using Orleans.Runtime;

namespace OfficeMesh.Tests.Storage;

public interface IPostgresCounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}

[GenerateSerializer]
public sealed class PostgresCounterState
{
    [Id(0)]
    public int Count { get; set; }
}

/// <summary>A counter whose every increment is written to the OfficeMesh grain storage.</summary>
public sealed class PostgresCounterGrain(
    [PersistentState("counter", ProviderNames.GrainStorage)] IPersistentState<PostgresCounterState> counter)
    : Grain, IPostgresCounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Count);
}

public interface IPostgresReminderGrain : IGrainWithStringKey
{
    Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(string reminderName);
}

/// <summary>Reports each reminder tick through <see cref="ReminderTicks"/> so a test can wait for it.</summary>
public sealed class PostgresReminderGrain : Grain, IPostgresReminderGrain, IRemindable
{
    public async Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task UnregisterAsync(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"Reminder {reminderName} is not registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Signal(this.GetPrimaryKeyString(), reminderName);
        return Task.CompletedTask;
    }
}

/// <summary>Test-side rendezvous for reminder ticks; silos run in the test process.</summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<(string GrainKey, string ReminderName), TaskCompletionSource> Ticks = new();

    public static Task WaitAsync(string grainKey, string reminderName) => Get(grainKey, reminderName).Task;

    public static void Signal(string grainKey, string reminderName) => Get(grainKey, reminderName).TrySetResult();

    private static TaskCompletionSource Get(string grainKey, string reminderName) =>
        Ticks.GetOrAdd((grainKey, reminderName), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
