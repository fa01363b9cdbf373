using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Storage.Embedded;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// The county's year turns at midnight Beijing time: an item submitted at 07:00 on 1 January there
/// (23:00 UTC on 31 December) is the new year's, in its month partition and in the score table.
/// </summary>
public sealed class ChinaTimeScoreTests : IAsyncLifetime
{
    // 2026-01-01 07:00 in Beijing.
    private static readonly DateTimeOffset NewYearMorning = new(2025, 12, 31, 23, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(NewYearMorning.AddDays(-30));
    private readonly TemporaryDataDirectory _data = new();
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(_clock);
            silo.UseOfficeMeshEmbeddedStorage(_data.Path);
            silo.Services.AddOfficeMeshGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task An_item_of_new_years_morning_in_Beijing_scores_in_the_new_year()
    {
        var (county, town) = (Unique.Code("county"), Unique.Code("town"));
        await Grains.GetGrain<IUnitGrain>(county).Register(new UnitRegistration(county, "县两办", UnitKind.CountyOffice, null, null, false));
        await Grains.GetGrain<IUnitGrain>(town).Register(new UnitRegistration(town, "千岛湖镇", UnitKind.Township, county, null, false));
        var officer = new Caller("officer", town, county, [Role.UnitOfficer], UnitKind.Township, null);
        var editor = new Caller("editor", county, county, [Role.InfoEditor], UnitKind.CountyOffice, null);

        _clock.SetUtcNow(NewYearMorning);
        var item = Grains.GetGrain<IItemGrain>(Guid.NewGuid().ToString("N"));
        await item.Submit(officer, new ItemDraft("元旦值守情况", "全镇平稳。", Topic.Focus, ItemKind.Dynamic, Classification.Public, null, null));
        await item.Review(editor, ReviewDecision.Accept, "采用");
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal($"{county}/2026-01", GrainKeys.CountyItems(county, NewYearMorning));
        var january = await Grains.GetGrain<IItemIndexGrain>($"{county}/2026-01").Query(editor, new ItemQuery(null, null, null, null, null), null, 10);
        Assert.Equal(item.GetPrimaryKeyString(), Assert.Single(january).Id);
        Assert.Empty(await Grains.GetGrain<IItemIndexGrain>($"{county}/2025-12").Query(editor, new ItemQuery(null, null, null, null, null), null, 10));
        var now = _clock.GetUtcNow();
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), ChinaTime.StartOfYear(now));

        var scoreboard = Grains.GetGrain<IScoreboardGrain>(county);
        var thisYear = Assert.Single(await scoreboard.Compute(ChinaTime.StartOfYear(now), now, new ScoringRules()));
        Assert.Equal((1, 1), (thisYear.Submitted, thisYear.Accepted));
        var lastYear = Assert.Single(await scoreboard.Compute(ChinaTime.Boundary("2025-01-01", "from", end: false)!.Value,
            ChinaTime.Boundary("2025-12-31", "to", end: true)!.Value, new ScoringRules()));
        Assert.Equal(0, lastYear.Submitted);
        Assert.Equal("officer", Assert.Single(await scoreboard.ComputeAuthors(ChinaTime.StartOfYear(now), now, new ScoringRules())).Username);
    }
}
