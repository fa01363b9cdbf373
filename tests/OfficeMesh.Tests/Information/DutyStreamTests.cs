using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

[Collection(EmbeddedServerCollection.Name)]
public sealed class DutyStreamTests(EmbeddedServerFixture server)
{
    /// <summary>
    /// Orleans holds a stream's listener weakly; a garbage collection while the duty room watches must
    /// neither lose its listener nor hold up the townships' emergency submissions.
    /// </summary>
    [Fact]
    public async Task The_duty_stream_survives_garbage_collection_and_never_delays_submissions()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        await using var stream = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/duty/emergencies/stream", county.Duty.Token!);

        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            var clock = Stopwatch.StartNew();
            var submitted = (await county.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Emergency($"险情{round}", DateTimeOffset.UtcNow.AddMinutes(-1))))
                .AssertStatus(HttpStatusCode.Created).Json!;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"An emergency submission took {clock.Elapsed}.");
            var arrived = await stream.NextAsync("emergency", TimeSpan.FromSeconds(10));
            Assert.Equal(submitted["id"]!.GetValue<string>(), arrived!["id"]!.GetValue<string>());
        }
    }
}
