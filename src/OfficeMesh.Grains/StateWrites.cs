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
}
