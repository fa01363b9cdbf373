using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.UnitState")]
public sealed class UnitState
{
    [Id(0)] public Unit? Unit { get; set; }

    /// <summary>
    /// Outbox flag: false from the moment the unit is stored until its county directory (and, for a
    /// county office, its channels) have acknowledged it. Redelivered on activation if a crash
    /// came between the two.
    /// </summary>
    [Id(1)] public bool Listed { get; set; }

    /// <summary>
    /// An upper office is also listed in the directory of upper offices. Units announced before that
    /// directory existed catch up on their next activation.
    /// </summary>
    [Id(2)] public bool InUpperOfficeDirectory { get; set; }
}

public sealed class UnitGrain(
    [PersistentState("unit", ProviderNames.GrainStorage)] IPersistentState<UnitState> state,
    TimeProvider clock,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain
{
    private Outbox _outbox = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, () => state.State.Unit is { } unit
            && (!state.State.Listed || (unit.Kind == UnitKind.UpperOffice && !state.State.InUpperOfficeDirectory)), DeliverListingAsync, logger);
        await DeliverAndStoreAsync();
    }

    public async Task<Unit> Register(UnitRegistration registration)
    {
        if (registration.Code != this.GetPrimaryKeyString())
            throw DomainException.Invalid("code", zh: "单位代码与所访问的单位不一致", en: "The unit code does not match the unit addressed.");
        UnitTreeRules.ValidateShape(registration);
        if (state.State.Unit is not null)
            throw DomainException.Conflict(zh: $"单位代码“{registration.Code}”已被使用", en: $"A unit with code '{registration.Code}' already exists.");

        var parent = registration.ParentCode is null
            ? null
            : await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(registration.ParentCode)).Get();
        var countyCode = UnitTreeRules.ValidateParent(registration, parent);

        state.State.Unit = new Unit(registration.Code, registration.Name.Trim(), registration.Kind, registration.ParentCode,
            registration.Level, registration.DirectReporting, countyCode, clock.GetUtcNow());
        state.State.Listed = false;
        await state.WriteStateAsync();
        await DeliverAndStoreAsync();
        return state.State.Unit;
    }

    public Task<Unit?> Get() => Task.FromResult(state.State.Unit);

    private async Task DeliverAndStoreAsync()
    {
        if (_outbox.Owes && await _outbox.DeliverAsync())
            await state.WriteStateAsync();
    }

    /// <summary>Lists the unit in its county's directory (and a county office's registry and channel, an upper office's directory).</summary>
    private async Task DeliverListingAsync()
    {
        var unit = state.State.Unit!;
        if (unit.CountyCode is { } county)
            await GrainFactory.GetGrain<ICountyDirectoryGrain>(GrainKeys.CountyDirectory(county)).List(unit);
        if (unit.Kind == UnitKind.CountyOffice)
        {
            await GrainFactory.GetGrain<ICountyRegistryGrain>(GrainKeys.CountyRegistry).Register(unit.Code);
            // Only the emergency channel is a grain of its own, so emergencies never queue behind routine work. The routine,
            // 社情民意 and 网络舆情 channels are the section's review queues, read by kind from the county's item partitions
            // (its inbox counts each channel's waiting items; GET /items?kind=…&status=submitted&order=oldest lists them).
            await GrainFactory.GetGrain<IReportingChannelGrain>(GrainKeys.EmergencyChannel(unit.Code)).Open(unit.Code, ReportingChannel.Emergency);
        }
        if (unit.Kind == UnitKind.UpperOffice)
        {
            await GrainFactory.GetGrain<ICountyDirectoryGrain>(GrainKeys.UpperOfficeDirectory).List(unit);
            state.State.InUpperOfficeDirectory = true;
        }
        state.State.Listed = true;
    }
}
