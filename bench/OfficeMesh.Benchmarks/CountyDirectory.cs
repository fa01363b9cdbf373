using System.Net;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>An officer of one township, signed in.</summary>
public sealed record Officer(string Unit, string Token);

/// <summary>
/// The benchmark's directory: a province and city, several counties each with townships, an officer
/// account per township and a duty account per county, all signed in through the gateway.
/// </summary>
public sealed record CountyDirectory(IReadOnlyList<string> Counties, IReadOnlyList<Officer> Officers, IReadOnlyDictionary<string, IReadOnlyList<Officer>> OfficersByCounty, IReadOnlyDictionary<string, string> DutyTokens)
{
    public const string Password = "benchmark-officer-password";

    public static async Task<CountyDirectory> CreateAsync(HttpClient http, string adminPassword, int counties, int townshipsPerCounty, CancellationToken cancellationToken)
    {
        var admin = await JsonApi.SignInAsync(http, "admin", adminPassword, cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..6];
        string province = $"prov-{run}", city = $"city-{run}";
        await CreateUnitAsync(http, admin, new { code = province, name = "省委办", kind = "upper-office", level = "province" }, cancellationToken);
        await CreateUnitAsync(http, admin, new { code = city, name = "市委办", kind = "upper-office", level = "city", parentCode = province }, cancellationToken);

        var countyCodes = Enumerable.Range(0, counties).Select(c => $"county-{run}-{c}").ToList();
        var officersByCounty = new Dictionary<string, IReadOnlyList<Officer>>();
        var duty = new Dictionary<string, string>();
        foreach (var county in countyCodes)
        {
            await CreateUnitAsync(http, admin, new { code = county, name = "县两办", kind = "county-office", parentCode = city }, cancellationToken);
            var townships = Enumerable.Range(0, townshipsPerCounty).Select(t => $"{county}-t{t}").ToList();
            // Accounts cost a password hash each on the server; a few at a time keeps set-up short without starving it.
            var officers = await ParallelSelectAsync(townships, 4, async township =>
            {
                await CreateUnitAsync(http, admin, new { code = township, name = "乡镇", kind = "township", parentCode = county }, cancellationToken);
                return new Officer(township, await CreateAccountAsync(http, admin, township, "unit-officer", cancellationToken));
            });
            officersByCounty[county] = officers;
            duty[county] = await CreateAccountAsync(http, admin, county, "duty", cancellationToken);
        }
        return new CountyDirectory(countyCodes, officersByCounty.Values.SelectMany(officers => officers).ToList(), officersByCounty, duty);
    }

    public static Task CreateUnitAsync(HttpClient http, string adminToken, object unit, CancellationToken cancellationToken) =>
        JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/units", adminToken, unit, HttpStatusCode.Created, cancellationToken);

    public static async Task<string> CreateAccountAsync(HttpClient http, string adminToken, string unit, string role, CancellationToken cancellationToken)
    {
        var username = $"{role}-{unit}";
        await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/accounts", adminToken,
            new { username, password = Password, unitCode = unit, roles = new[] { role } }, HttpStatusCode.Created, cancellationToken);
        return await JsonApi.SignInAsync(http, username, Password, cancellationToken);
    }

    public static async Task<List<TResult>> ParallelSelectAsync<TSource, TResult>(IReadOnlyList<TSource> sources, int parallelism, Func<TSource, Task<TResult>> select)
    {
        var results = new TResult[sources.Count];
        await Parallel.ForAsync(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (index, _) => results[index] = await select(sources[index]));
        return [.. results];
    }
}
