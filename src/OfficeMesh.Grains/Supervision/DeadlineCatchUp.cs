using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Supervision;

/// <summary>
/// At silo start, asks every county's open cases to check their deadlines, so one that passed while
/// the cluster was down is urged at once rather than at the next reminder tick. Idempotent, so every
/// silo may run it.
/// </summary>
public sealed class DeadlineCatchUp(IGrainFactory grains, ILogger<DeadlineCatchUp> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var counties = await grains.GetGrain<ICountyRegistryGrain>(GrainKeys.CountyRegistry).Counties();
            await Task.WhenAll(counties.Select(county => grains.GetGrain<ICaseIndexGrain>(GrainKeys.CaseIndex(county)).CatchUp()));
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Deadline catch-up at start failed; reminders will urge within their period");
        }
    }
}
