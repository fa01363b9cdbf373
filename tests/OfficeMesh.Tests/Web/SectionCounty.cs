using System.Net;
using OfficeMesh.Tests.Infrastructure;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// A county office under a city office, with two townships, and the people of the section's pages: a
/// township officer, the information section's editor, the duty officer and the city's liaison. Codes
/// are unique per call, so tests sharing one server do not see each other's items.
/// </summary>
public sealed record SectionCounty(
    string City, string County, string Town, string QuietTown,
    string Officer, string Editor, string Duty, string Liaison, ApiClient OfficerApi)
{
    public static async Task<SectionCounty> CreateAsync(WebFixture web)
    {
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        string city = Unique.Code("city"), county = Unique.Code("county"), town = Unique.Code("town"), quiet = Unique.Code("quiet");
        await CreatedAsync(admin, "/api/v1/units", new { code = city, name = "杭州市委办公厅", kind = "upper-office", level = "city" });
        await CreatedAsync(admin, "/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office", parentCode = city });
        await CreatedAsync(admin, "/api/v1/units", new { code = town, name = "千岛湖镇", kind = "township", parentCode = county });
        await CreatedAsync(admin, "/api/v1/units", new { code = quiet, name = "汾口镇", kind = "township", parentCode = county });

        var people = new Dictionary<string, string>();
        foreach (var (role, unit) in new[] { ("unit-officer", town), ("info-editor", county), ("duty", county), ("upper-liaison", city) })
        {
            var username = Unique.Code(role[..4]);
            await CreatedAsync(admin, "/api/v1/accounts", new { username, password = WebFixture.Password, unitCode = unit, roles = new[] { role } });
            people[role] = username;
        }
        return new SectionCounty(city, county, town, quiet, people["unit-officer"], people["info-editor"], people["duty"], people["upper-liaison"],
            await web.Anonymous.SignInAsync(people["unit-officer"], WebFixture.Password));
    }

    public Task<ApiClient> EditorApiAsync(WebFixture web) => web.Anonymous.SignInAsync(Editor, WebFixture.Password);

    private static async Task CreatedAsync(ApiClient admin, string path, object body) =>
        (await admin.PostAsync(path, body)).AssertStatus(HttpStatusCode.Created);
}
