using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Supervision;

/// <summary>Lands owed urgings in the units' inboxes, removing each from the owed list once it landed.</summary>
public static class Urgings
{
    public static async Task DeliverAsync(IGrainFactory grains, List<Urging> owed, string sourceId, string title, DateTimeOffset dueAt, string source)
    {
        foreach (var urging in owed.ToList())
        {
            await grains.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(urging.ToUnit)).Put(new InboxEntry(InboxTypes.Urging, $"{sourceId}/{urging.Slot}",
                title, urging.At, dueAt, null, $"{Wire.Name(urging.Kind)}: {source} {sourceId}"));
            owed.Remove(urging);
        }
    }
}
