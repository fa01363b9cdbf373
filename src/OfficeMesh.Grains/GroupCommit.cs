namespace OfficeMesh.Grains;

/// <summary>
/// Coalesces the state writes of a reentrant grain: while one write is in flight, every further
/// request joins the next one, so a burst of N updates costs two writes, not N. Runs on the grain's
/// own scheduler, so it needs no locks.
/// With a <c>gather</c> window, a write first waits that long for more requests to join it: fewer, fuller
/// writes, for that much added latency.
/// </summary>
public sealed class GroupCommit(Func<Task> write, TimeSpan gather = default)
{
    private TaskCompletionSource? _next;
    private bool _writing;

    /// <summary>Completes when a write that started after this call has finished.</summary>
    public Task FlushAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joined = _next.Task;
        if (!_writing)
            _ = WriteLoopAsync();
        return joined;
    }

    private async Task WriteLoopAsync()
    {
        _writing = true;
        try
        {
            while (_next is not null)
            {
                if (gather > TimeSpan.Zero)
                    await Task.Delay(gather); // resumes on the grain's scheduler; real time, as it only shapes I/O
                var batch = _next;
                _next = null;
                try
                {
                    await write();
                    batch.SetResult();
                }
                catch (Exception error)
                {
                    batch.SetException(error);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
