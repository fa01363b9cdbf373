using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Storage;

/// <summary>
/// The behaviour every OfficeMesh storage backend must show, checked against the providers a real silo resolves:
/// the grain storage registered as <see cref="StorageName"/> and the silo's <see cref="IReminderTable"/>.
/// A subclass only says how the silo is configured; nothing here depends on one backend's ETag format.
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    protected const string StorageName = "officemesh";

    private InProcessTestCluster? _cluster;

    protected IGrainStorage GrainStorage { get; private set; } = null!;

    protected IReminderTable ReminderTable { get; private set; } = null!;

    /// <summary>The storage of states that owe deliveries or put acts on record (items), and the audit log beside it.</summary>
    private IGrainStorage _outboxStorage = null!;
    private IAuditStore _auditStore = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Configures the silo's grain storage (named <see cref="StorageName"/>) and reminder table.</summary>
    protected abstract void ConfigureStorage(ISiloBuilder silo);

    /// <summary>Runs before the cluster is built, e.g. to create a database or a data directory.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Runs after the cluster is disposed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        await PrepareAsync();

        var builder = new InProcessTestClusterBuilder(1);
        // A service id of its own keeps this test's reminders apart from any other test sharing a database.
        builder.Options.ServiceId = $"contract-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) => ConfigureStorage(silo));
        _cluster = builder.Build();
        await _cluster.DeployAsync(Cancellation);

        var siloServices = _cluster.Silos[0].ServiceProvider;
        GrainStorage = siloServices.GetRequiredKeyedService<IGrainStorage>(StorageName);
        ReminderTable = siloServices.GetRequiredService<IReminderTable>();
        _outboxStorage = siloServices.GetRequiredKeyedService<IGrainStorage>(ProviderNames.OutboxStorage);
        _auditStore = siloServices.GetRequiredService<IAuditStore>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    private static GrainId NewGrainId() => GrainId.Create("contract-test", Guid.NewGuid().ToString("N"));

    private static GrainState<ContractState> NewState(string text, int number) => new(new ContractState { Text = text, Number = number });

    private async Task<IGrainState<ContractState>> ReadAsync(string stateName, GrainId grainId)
    {
        var state = new GrainState<ContractState>(new ContractState());
        await GrainStorage.ReadStateAsync(stateName, grainId, state, Cancellation);
        return state;
    }

    [Fact]
    public async Task A_write_puts_its_act_on_record_with_it_and_a_refused_write_puts_none()
    {
        var grainId = NewGrainId();
        var actor = $"contract-officer-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;
        at = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
        AuditEntry Entry(string action) => new(at, actor, action, $"items/{grainId.Key}", AuditOutcome.Success, 201, "127.0.0.1");

        var written = new AuditedContractState { Text = "第一稿", AuditOnWrite = Entry("item.create") };
        var state = new GrainState<AuditedContractState>(written);
        await _outboxStorage.WriteStateAsync("audited", grainId, state, Cancellation);
        Assert.Null(written.AuditOnWrite);
        var first = state.ETag;
        written.Text = "第二稿";
        written.AuditOnWrite = Entry("item.revise");
        await _outboxStorage.WriteStateAsync("audited", grainId, state, Cancellation);
        Assert.Null(written.AuditOnWrite);

        // A write from a stale copy is refused, and so is its entry: the act did not happen.
        var staleCopy = new AuditedContractState { Text = "旧稿", AuditOnWrite = Entry("item.edit-text") };
        var stale = new GrainState<AuditedContractState>(staleCopy) { ETag = first, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _outboxStorage.WriteStateAsync("audited", grainId, stale, Cancellation));
        Assert.NotNull(staleCopy.AuditOnWrite);

        var onRecord = await _auditStore.ReadAsync(new AuditQuery(at.AddMinutes(-1), at.AddMinutes(1), actor, null, null, 10), Cancellation);
        Assert.Equal(["item.revise", "item.create"], onRecord.Select(record => record.Entry.Action));
        Assert.Equal(Entry("item.create"), onRecord[1].Entry);
    }

    [Fact]
    public async Task Reading_state_never_written_finds_no_record()
    {
        var read = await ReadAsync("state", NewGrainId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var grainId = NewGrainId();
        var written = NewState("hello", 42);

        await GrainStorage.WriteStateAsync("state", grainId, written, Cancellation);
        var read = await ReadAsync("state", grainId);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(new ContractState { Text = "hello", Number = 42 }, read.State);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Every_write_produces_a_new_etag()
    {
        var grainId = NewGrainId();
        var state = NewState("first", 1);

        await GrainStorage.WriteStateAsync("state", grainId, state, Cancellation);
        var firstETag = state.ETag;
        await GrainStorage.WriteStateAsync("state", grainId, state, Cancellation);

        Assert.NotEqual(firstETag, state.ETag);
        Assert.Equal(state.ETag, (await ReadAsync("state", grainId)).ETag);
    }

    [Fact]
    public async Task Write_with_stale_etag_is_rejected_and_changes_nothing()
    {
        var grainId = NewGrainId();
        var current = NewState("first", 1);
        await GrainStorage.WriteStateAsync("state", grainId, current, Cancellation);
        var staleETag = current.ETag;
        current.State = new ContractState { Text = "second", Number = 2 };
        await GrainStorage.WriteStateAsync("state", grainId, current, Cancellation);

        var stale = NewState("lost update", 3);
        stale.ETag = staleETag;
        stale.RecordExists = true;

        await Assert.ThrowsAnyAsync<InconsistentStateException>(
            () => GrainStorage.WriteStateAsync("state", grainId, stale, Cancellation));
        var read = await ReadAsync("state", grainId);
        Assert.Equal(new ContractState { Text = "second", Number = 2 }, read.State);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task Of_concurrent_writes_with_the_same_etag_exactly_one_wins()
    {
        var grainId = NewGrainId();
        var original = NewState("original", 0);
        await GrainStorage.WriteStateAsync("state", grainId, original, Cancellation);

        var contenders = Enumerable.Range(1, 8)
            .Select(number => new GrainState<ContractState>(new ContractState { Text = $"contender {number}", Number = number }, original.ETag!))
            .ToArray();
        var outcomes = await Task.WhenAll(contenders.Select(async contender =>
        {
            await Task.Yield();
            try
            {
                await GrainStorage.WriteStateAsync("state", grainId, contender, Cancellation);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        var winner = Assert.Single(contenders.Where((_, index) => outcomes[index]));
        var read = await ReadAsync("state", grainId);
        Assert.Equal(winner.State, read.State);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Creating_the_same_record_twice_with_null_etag_is_rejected()
    {
        var grainId = NewGrainId();
        await GrainStorage.WriteStateAsync("state", grainId, NewState("first activation", 1), Cancellation);

        var secondActivation = NewState("second activation", 2);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(
            () => GrainStorage.WriteStateAsync("state", grainId, secondActivation, Cancellation));
        Assert.Equal("first activation", (await ReadAsync("state", grainId)).State?.Text);
    }

    [Fact]
    public async Task Cleared_state_reads_as_no_record_and_can_be_written_again()
    {
        var grainId = NewGrainId();
        var state = NewState("doomed", 1);
        await GrainStorage.WriteStateAsync("state", grainId, state, Cancellation);
        var writtenETag = state.ETag;

        await GrainStorage.ClearStateAsync("state", grainId, state, Cancellation);

        Assert.False(state.RecordExists);
        Assert.NotEqual(writtenETag, state.ETag);
        Assert.NotNull(state.State);
        Assert.False((await ReadAsync("state", grainId)).RecordExists);

        state.State = new ContractState { Text = "reborn", Number = 2 };
        await GrainStorage.WriteStateAsync("state", grainId, state, Cancellation);
        var reread = await ReadAsync("state", grainId);
        Assert.True(reread.RecordExists);
        Assert.Equal("reborn", reread.State?.Text);
    }

    [Fact]
    public async Task Clear_with_stale_etag_is_rejected_and_keeps_the_record()
    {
        var grainId = NewGrainId();
        var current = NewState("first", 1);
        await GrainStorage.WriteStateAsync("state", grainId, current, Cancellation);
        var staleETag = current.ETag;
        current.State = new ContractState { Text = "second", Number = 2 };
        await GrainStorage.WriteStateAsync("state", grainId, current, Cancellation);

        var stale = NewState("", 0);
        stale.ETag = staleETag;
        stale.RecordExists = true;

        await Assert.ThrowsAnyAsync<InconsistentStateException>(
            () => GrainStorage.ClearStateAsync("state", grainId, stale, Cancellation));
        var read = await ReadAsync("state", grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("second", read.State?.Text);
    }

    [Fact]
    public async Task State_names_of_one_grain_are_separate_records()
    {
        var grainId = NewGrainId();
        await GrainStorage.WriteStateAsync("profile", grainId, NewState("profile", 1), Cancellation);
        await GrainStorage.WriteStateAsync("settings", grainId, NewState("settings", 2), Cancellation);

        Assert.Equal("profile", (await ReadAsync("profile", grainId)).State?.Text);
        Assert.Equal("settings", (await ReadAsync("settings", grainId)).State?.Text);
    }

    private static ReminderEntry NewReminder(GrainId grainId, string name) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        // Whole seconds, UTC: every backend can store this exactly.
        StartAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(7),
    };

    [Fact]
    public async Task Upserted_reminder_reads_back_with_its_etag()
    {
        var grainId = NewGrainId();
        var reminder = NewReminder(grainId, "wake-up");

        var etag = await ReminderTable.UpsertRow(reminder, Cancellation);
        var read = await ReminderTable.ReadRow(grainId, "wake-up", Cancellation);

        Assert.NotNull(etag);
        Assert.NotNull(read);
        Assert.Equal(grainId, read.GrainId);
        Assert.Equal("wake-up", read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt.ToUniversalTime());
        Assert.Equal(reminder.Period, read.Period);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var grainId = NewGrainId();
        var firstETag = await ReminderTable.UpsertRow(NewReminder(grainId, "wake-up"), Cancellation);
        var changed = NewReminder(grainId, "wake-up");
        changed.Period = TimeSpan.FromMinutes(11);

        var secondETag = await ReminderTable.UpsertRow(changed, Cancellation);
        var rows = await ReminderTable.ReadRows(grainId, Cancellation);

        Assert.NotEqual(firstETag, secondETag);
        var only = Assert.Single(rows.Reminders);
        Assert.Equal(TimeSpan.FromMinutes(11), only.Period);
        Assert.Equal(secondETag, only.ETag);
    }

    [Fact]
    public async Task Reading_a_reminder_never_written_returns_null()
    {
        Assert.Null(await ReminderTable.ReadRow(NewGrainId(), "missing", Cancellation));
    }

    [Fact]
    public async Task Reading_rows_of_a_grain_returns_only_that_grains_reminders()
    {
        var grainId = NewGrainId();
        var otherGrainId = NewGrainId();
        await ReminderTable.UpsertRow(NewReminder(grainId, "a"), Cancellation);
        await ReminderTable.UpsertRow(NewReminder(grainId, "b"), Cancellation);
        await ReminderTable.UpsertRow(NewReminder(otherGrainId, "a"), Cancellation);

        var rows = await ReminderTable.ReadRows(grainId, Cancellation);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grainId, r.GrainId));
    }

    [Fact]
    public async Task Removing_a_reminder_requires_its_current_etag()
    {
        var grainId = NewGrainId();
        var staleETag = await ReminderTable.UpsertRow(NewReminder(grainId, "wake-up"), Cancellation);
        var currentETag = await ReminderTable.UpsertRow(NewReminder(grainId, "wake-up"), Cancellation);

        Assert.False(await ReminderTable.RemoveRow(grainId, "wake-up", staleETag!, Cancellation));
        Assert.NotNull(await ReminderTable.ReadRow(grainId, "wake-up", Cancellation));

        Assert.True(await ReminderTable.RemoveRow(grainId, "wake-up", currentETag!, Cancellation));
        Assert.Null(await ReminderTable.ReadRow(grainId, "wake-up", Cancellation));
        Assert.False(await ReminderTable.RemoveRow(grainId, "wake-up", currentETag!, Cancellation));
    }

    [Fact]
    public async Task Ring_range_reads_follow_orleans_semantics_including_wrap_around()
    {
        // Three grains whose hashes are distinct, sorted low < mid < high.
        var grains = Enumerable.Range(0, 3)
            .Select(_ => NewGrainId())
            .OrderBy(id => id.GetUniformHashCode())
            .ToArray();
        Assert.Equal(3, grains.Select(id => id.GetUniformHashCode()).Distinct().Count());
        var (low, mid, high) = (grains[0], grains[1], grains[2]);
        foreach (var grainId in grains)
        {
            await ReminderTable.UpsertRow(NewReminder(grainId, "ring"), Cancellation);
        }

        async Task<GrainId[]> ReadRangeAsync(uint begin, uint end)
        {
            var rows = await ReminderTable.ReadRows(begin, end, Cancellation);
            // Filter to this test's grains so a table shared with other tests cannot disturb the result.
            return rows.Reminders.Select(r => r.GrainId).Where(grains.Contains).OrderBy(id => id.GetUniformHashCode()).ToArray();
        }

        var lowHash = low.GetUniformHashCode();
        var midHash = mid.GetUniformHashCode();
        var highHash = high.GetUniformHashCode();

        // begin < end: begin is exclusive, end inclusive.
        Assert.Equal([mid, high], await ReadRangeAsync(lowHash, highHash));
        Assert.Equal([mid], await ReadRangeAsync(lowHash, midHash));
        Assert.Equal([low], await ReadRangeAsync(lowHash - 1, lowHash));
        // begin > end wraps around the top of the ring: hash > begin or hash <= end.
        Assert.Equal([low, high], await ReadRangeAsync(midHash, lowHash));
        Assert.Equal([low, mid], await ReadRangeAsync(highHash, midHash));
        // begin == end is the whole ring.
        Assert.Equal([low, mid, high], await ReadRangeAsync(midHash, midHash));
    }
}
