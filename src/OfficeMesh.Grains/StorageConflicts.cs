using Orleans.Storage;

namespace OfficeMesh.Grains;

/// <summary>
/// While a cluster converges (silos starting, joining, leaving) two activations of one grain may briefly
/// live on two silos, each with its own copy of the state. The one that writes second finds the stored
/// ETag changed under it (<see cref="InconsistentStateException"/>). Its copy is stale from then on, so it
/// is dropped, and the next call activates the grain afresh from storage. The caller sees the conflict as
/// a transient failure (a 503 with Retry-After at the API), never as a fault.
/// </summary>
public sealed class StorageConflictFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (InconsistentStateException)
        {
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError,
                "Another activation wrote this grain's state; reload from storage."));
            throw;
        }
    }
}
