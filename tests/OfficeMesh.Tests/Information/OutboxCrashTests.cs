using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Storage.Embedded;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// The silo dies after an item stored its change but before the change reached the index (or, for an
/// emergency, the duty room's channel). After a restart on the same storage, the lists are right anyway.
/// </summary>
public sealed class OutboxCrashTests : IDisposable
{
    private readonly TemporaryDataDirectory _data = new();
    private readonly string _serviceId = $"outbox-{Guid.NewGuid():N}";

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("dynamic")]
    [InlineData("emergency")]
    public async Task A_change_stored_before_a_crash_reaches_the_lists_after_recovery(string kind)
    {
        var (county, town) = (Unique.Code("county"), Unique.Code("town"));
        var officer = new Caller("officer", town, county, [Role.UnitOfficer], UnitKind.Township, null);
        var editor = new Caller("editor", county, county, [Role.InfoEditor], UnitKind.CountyOffice, null);
        var isEmergency = kind == "emergency";
        var draft = new ItemDraft("渡口险情", "详情", Topic.Hot, isEmergency ? ItemKind.Emergency : ItemKind.Dynamic, Classification.Public,
            isEmergency ? DateTimeOffset.UtcNow.AddMinutes(-5) : null, null);
        var itemId = Guid.NewGuid().ToString("N");
        Item submitted;

        await using (var doomed = await StartAsync(DeliveryGate.Blocked))
        {
            var grains = doomed.Client;
            await grains.GetGrain<IUnitGrain>(county).Register(new UnitRegistration(county, "县两办", UnitKind.CountyOffice, null, null, false));
            await grains.GetGrain<IUnitGrain>(town).Register(new UnitRegistration(town, "镇", UnitKind.Township, county, null, false));

            submitted = await grains.GetGrain<IItemGrain>(itemId).Submit(officer, draft);

            // The item is stored, but the index and the channel never heard of it.
            Assert.Empty(await ListAsync(grains, editor, submitted, isEmergency));
            await doomed.KillSiloAsync(doomed.Silos[0], TestContext.Current.CancellationToken);
        }

        await using var restarted = await StartAsync(DeliveryGate.Open);
        var listed = await ListAsync(restarted.Client, editor, submitted, isEmergency);
        var summary = Assert.Single(listed);
        Assert.Equal(itemId, summary.Id);
        Assert.Equal(ItemStatus.Submitted, summary.Status);
    }

    private static async Task<IReadOnlyList<ItemSummary>> ListAsync(IGrainFactory grains, Caller editor, Item item, bool emergency) =>
        emergency
            ? await grains.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(item.CountyCode)).Recent(null, 50)
            : await grains.GetGrain<IItemIndexGrain>(GrainKeys.CountyItems(item.CountyCode, item.SubmittedAt)).Query(editor, new ItemQuery(null, null, null, null, null), null, 50);

    private async Task<InProcessTestCluster> StartAsync(DeliveryGate gate)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseOfficeMeshEmbeddedStorage(_data.Path);
            silo.Services.AddOfficeMeshGrains();
            if (gate == DeliveryGate.Blocked)
                silo.AddOutgoingGrainCallFilter(LoseOutboxDeliveries);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    /// <summary>Stands for the crash: every delivery an item makes after its write is lost.</summary>
    private static Task LoseOutboxDeliveries(IOutgoingGrainCallContext call) =>
        call.InterfaceMethod.Name is nameof(IItemIndexGrain.Upsert) or nameof(IEmergencyChannelGrain.Receive)
            ? throw new InvalidOperationException("The silo died here.")
            : call.Invoke();

    private enum DeliveryGate { Blocked, Open }
}
