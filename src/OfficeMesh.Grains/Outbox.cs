using Microsoft.Extensions.Logging;

namespace OfficeMesh.Grains;

/// <summary>
/// The one outbox of every grain that owes other grains a delivery. The grain notes what it owes in its state and
/// stores it with the change that created the debt; then it delivers, here. A delivery clears what it delivered
/// as it goes (receivers are idempotent), so a failure part-way resends only the rest: on a grain timer, first
/// after <see cref="FirstRetry"/>, each next wait twice as long up to <see cref="LongestWait"/>, until delivered.
/// What is still owed when the silo dies is stored, so the next activation delivers it (<see cref="Owes"/>).
/// </summary>
public sealed class Outbox(IGrainBase grain, Func<bool> owes, Func<Task> deliver, ILogger logger)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private IGrainTimer? _retry;
    private TimeSpan _wait = FirstRetry;

    public bool Owes => owes();

    /// <summary>Delivers whatever is owed; true when nothing is owed any more, false when a retry is scheduled.</summary>
    public async Task<bool> DeliverAsync()
    {
        if (!owes())
            return true;
        try
        {
            await deliver();
            _retry?.Dispose();
            (_retry, _wait) = (null, FirstRetry);
            return true;
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "{Grain} could not deliver its outbox yet; retrying in {Wait}", grain.GrainContext.GrainId, _wait);
            _retry?.Dispose();
            _retry = grain.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions(_wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            _wait = TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, LongestWait.Ticks));
            return false;
        }
    }
}
