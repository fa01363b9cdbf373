using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Information;

/// <summary>
/// Records that secret items were shown to someone through a list or the duty room's feed (an item opened on its
/// own is recorded by the item). Awaited before the response goes out, so nothing secret is shown unrecorded.
/// </summary>
public static class SecretReading
{
    public static Task RecordAsync(IGrainFactory grains, Caller reader, IEnumerable<ItemSummary> shown, SecretReadPath via) =>
        Task.WhenAll(shown
            .Where(item => item.Classification == Classification.Secret)
            .Select(item => grains.GetGrain<ISecretReadLogGrain>(GrainKeys.SecretReads(item.Id)).Record(reader.Username, via)));
}
