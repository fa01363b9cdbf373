namespace OfficeMesh.Grains;

/// <summary>
/// Coalesces the state writes of a reentrant grain: while one write is in flight, every further
/// request joins the next one, so a burst of N updates costs two writes, not N. Runs on the grain's
/// own scheduler, so it needs no locks.
/// </summary>
public sealed class GroupCommit(Func<Task> write)
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
            while (_next is { } batch)
            {
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
