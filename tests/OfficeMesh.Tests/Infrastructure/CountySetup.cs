using System.Net;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// A county as tests need it: a province, its city, the county office under the city, three townships,
/// a direct-reporting police department, a neighbouring county, and an account for every role.
/// Codes are unique per call, so tests never share units.
/// </summary>
public sealed class CountySetup
{
    public const string Password = "a-password-for-tests";

    public required string Province { get; init; }
    public required string City { get; init; }
    public required string County { get; init; }
    public required string Town1 { get; init; }
    public required string Town2 { get; init; }
    public required string Town3 { get; init; }
    public required string Police { get; init; }
    public required string OtherCounty { get; init; }
    public required string OtherTown { get; init; }

    public required ApiClient Admin { get; init; }
    public required ApiClient Officer1 { get; init; }
    public required ApiClient Officer2 { get; init; }
    public required ApiClient Officer3 { get; init; }
    public required ApiClient PoliceOfficer { get; init; }
    public required ApiClient Editor { get; init; }
    public required ApiClient Duty { get; init; }
    public required ApiClient Leader { get; init; }
    public required ApiClient Supervisor { get; init; }
    public required ApiClient CountyOfficer { get; init; }
    public required ApiClient CityLiaison { get; init; }
    public required ApiClient ProvinceLiaison { get; init; }
    public required ApiClient OtherEditor { get; init; }
    public required ApiClient OtherOfficer { get; init; }
    public required ApiClient Operator { get; init; }
    public required ApiClient OtherSupervisor { get; init; }

    public static async Task<CountySetup> CreateAsync(ApiClient anonymous, string adminPassword)
    {
        var admin = await anonymous.SignInAsync("admin", adminPassword);
        string province = Unique.Code("prov"), city = Unique.Code("city"), county = Unique.Code("county"), other = Unique.Code("county");
        string town1 = Unique.Code("town"), town2 = Unique.Code("town"), town3 = Unique.Code("town"), police = Unique.Code("police"), otherTown = Unique.Code("town");

        await Unit(admin, new { code = province, name = "浙江省委办", kind = "upper-office", level = "province" });
        await Unit(admin, new { code = city, name = "杭州市委办", kind = "upper-office", level = "city", parentCode = province });
        await Unit(admin, new { code = county, name = "淳安县两办", kind = "county-office", parentCode = city });
        await Unit(admin, new { code = other, name = "建德市两办", kind = "county-office", parentCode = city });
        foreach (var (code, name) in new[] { (town1, "千岛湖镇"), (town2, "文昌镇"), (town3, "石林镇") })
            await Unit(admin, new { code, name, kind = "township", parentCode = county });
        await Unit(admin, new { code = police, name = "县公安局", kind = "department", parentCode = county, directReporting = true });
        await Unit(admin, new { code = otherTown, name = "新安江街道", kind = "township", parentCode = other });

        async Task<ApiClient> Account(string? unit, params string[] roles)
        {
            var username = Unique.Code("user");
            (await admin.PostAsync("/api/v1/accounts", new { username, password = Password, unitCode = unit, roles })).AssertStatus(HttpStatusCode.Created);
            return await anonymous.SignInAsync(username, Password);
        }

        return new CountySetup
        {
            Province = province, City = city, County = county, Town1 = town1, Town2 = town2, Town3 = town3, Police = police,
            OtherCounty = other, OtherTown = otherTown, Admin = admin,
            Officer1 = await Account(town1, "unit-officer"),
            Officer2 = await Account(town2, "unit-officer"),
            Officer3 = await Account(town3, "unit-officer"),
            PoliceOfficer = await Account(police, "unit-officer"),
            Editor = await Account(county, "info-editor"),
            Duty = await Account(county, "duty"),
            Leader = await Account(county, "leader"),
            Supervisor = await Account(county, "supervisor"),
            CountyOfficer = await Account(county, "unit-officer"),
            CityLiaison = await Account(city, "upper-liaison"),
            ProvinceLiaison = await Account(province, "upper-liaison"),
            OtherEditor = await Account(other, "info-editor"),
            OtherOfficer = await Account(otherTown, "unit-officer"),
            Operator = await Account(null, "operator"),
            OtherSupervisor = await Account(other, "supervisor"),
        };
    }

    private static async Task Unit(ApiClient admin, object body) =>
        (await admin.PostAsync("/api/v1/units", body)).AssertStatus(HttpStatusCode.Created);

    public static object Routine(string title, string topic = "focus", string kind = "dynamic", string classification = "public") =>
        new { title, body = $"{title}：详细情况如下。", topic, kind, classification };

    public static object Emergency(string title, DateTimeOffset occurredAt, DateTimeOffset? phoneReportedAt = null) =>
        new { title, body = $"{title}：现场情况。", topic = "hot", kind = "emergency", occurredAt, phoneReportedAt };
}
