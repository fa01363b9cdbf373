using System.Net;
using OfficeMesh.Contracts;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Documents;

[Collection(EmbeddedServerCollection.Name)]
public sealed class CaseNumberTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task Cases_opened_at_once_get_consecutive_numbers_of_the_county_and_year_with_no_gap_or_duplicate()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var username = Unique.Code("super");
        (await c.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = c.County, roles = new[] { "supervisor" } }))
            .AssertStatus(HttpStatusCode.Created);
        var secondSupervisor = await server.Anonymous.SignInAsync(username, CountySetup.Password);

        var openings = Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? c.Supervisor : secondSupervisor).PostAsync("/api/v1/cases", new
        {
            title = $"督办事项{i}",
            description = "按期完成",
            source = "meeting",
            leadUnit = c.Town1,
            dueInWorkingDays = 10,
        }));
        var opened = await Task.WhenAll(openings);
        var numbers = opened.Select(response => response.AssertStatus(HttpStatusCode.Created).Json!["number"]!.GetValue<string>()).ToList();

        var year = ChinaTime.Of(DateTimeOffset.UtcNow).Year;
        Assert.Equal(Enumerable.Range(1, 16).Select(n => $"督〔{year}〕{n}号").Order(), numbers.Order());

        // Another county counts from 1, and the number stays on the case.
        var other = (await c.OtherSupervisor.PostAsync("/api/v1/cases", new
        {
            title = "邻县督办",
            description = "按期完成",
            source = "assigned",
            leadUnit = c.OtherTown,
            dueInWorkingDays = 5,
        })).AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Equal($"督〔{year}〕1号", other["number"]!.GetValue<string>());
        var first = opened[0].Json!;
        Assert.Equal(first["number"]!.GetValue<string>(),
            (await c.Supervisor.GetAsync($"/api/v1/cases/{first["id"]!.GetValue<string>()}")).Json!["number"]!.GetValue<string>());
    }
}
