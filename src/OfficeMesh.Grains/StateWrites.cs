using Orleans.Storage;

namespace OfficeMesh.Grains;

public static class StateWrites
{
    /// <summary>
    /// Writes the state; if the write fails, memory is ahead of storage, so the activation is dropped
    /// and the next call reloads the truth instead of serving a change that was never stored.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A state write failed; reload from storage."));
            throw;
        }
    }

    /// <summary>
    /// Applies a change that merges into the state (adding to a set, putting into a map) and writes it. If another
    /// activation wrote in between (two activations briefly racing while the cluster converges), reads what it
    /// stored, applies the same change to that and writes again, so neither activation's change is lost.
    /// </summary>
    /// <param name="change">Changes the state; false when there is nothing to change.</param>
    public static async Task MergeAndWriteAsync<T>(this IPersistentState<T> state, Func<T, bool> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!change(state.State))
                return;
            try
            {
                await state.WriteStateAsync();
                return;
            }
            catch (InconsistentStateException) when (attempt < MergeAttempts)
            {
                await state.ReadStateAsync();
            }
        }
    }

    private const int MergeAttempts = 3;
}
