using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

[Collection(EmbeddedServerCollection.Name)]
public sealed class PeriodicalNumberingTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task Two_editors_publishing_at_once_get_consecutive_numbers_with_no_gap_or_duplicate()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var username = Unique.Code("editor");
        (await county.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = county.County, roles = new[] { "info-editor" } }))
            .AssertStatus(HttpStatusCode.Created);
        var secondEditor = await server.Anonymous.SignInAsync(username, CountySetup.Password);

        var accepted = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var id = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine($"信息{i}"))).Json!["id"]!.GetValue<string>();
            (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);
            accepted.Add(id);
        }

        var year = DateTimeOffset.UtcNow.Year;
        var publications = accepted.Select((id, i) => (i % 2 == 0 ? county.Editor : secondEditor)
            .PostAsync($"/api/v1/periodicals/{year}/issues", new { entries = new[] { new { itemId = id, column = "动态" } } }));
        var issues = await Task.WhenAll(publications);

        var numbers = issues.Select(issue => issue.AssertStatus(HttpStatusCode.Created).Json!["number"]!.GetValue<int>()).Order();
        Assert.Equal(Enumerable.Range(1, accepted.Count), numbers);

        // An item already in an issue cannot be published again.
        (await county.Editor.PostAsync($"/api/v1/periodicals/{year}/issues", new { entries = new[] { new { itemId = accepted[0], column = "动态" } } }))
            .AssertProblem(HttpStatusCode.Conflict);
    }
}
