namespace OfficeMesh.Web.Services;

/// <summary>协调 / 会商: the unit's coordinations, one coordination with every unit's answer, creating and answering.</summary>
public sealed class CoordinationService(ApiClient api)
{
    public const int PageSize = 50;

    public Task<Page<CoordinationListEntry>> ListAsync(string? cursor) =>
        api.GetAsync<Page<CoordinationListEntry>>(ApiClient.Query("coordinations", ("limit", PageSize.ToString()), ("cursor", cursor)));

    public Task<CoordinationView> GetAsync(string id) => api.GetAsync<CoordinationView>($"coordinations/{Uri.EscapeDataString(id)}");

    public Task<CoordinationView> CreateAsync(CoordinationRequest request, string idempotencyKey) =>
        api.PostAsync<CoordinationView>("coordinations", request, idempotencyKey);

    public Task<CoordinationView> AnswerAsync(string id, CoordinationAnswerRequest answer) =>
        api.PostAsync<CoordinationView>($"coordinations/{Uri.EscapeDataString(id)}/responses", answer);

    /// <summary>Who may start one (api.md): the information section, the supervision office, an officer of a county office.</summary>
    public static bool MayCreate(AuthState auth, string? unitKind) =>
        unitKind == "county-office" && auth.HasAny(["info-editor", "supervisor", "unit-officer"]);
}

/// <summary>领导驾驶舱: the county at a glance for the signed-in leader.</summary>
public sealed class LeaderService(ApiClient api, UnitDirectory units)
{
    private Task<LeaderOverviewView>? _asked;

    /// <summary>
    /// A leader who has just signed in is on the way to the page: the overview and the names of the county's units are
    /// asked for now, while the shell renders, and the page takes these answers instead of asking again.
    /// </summary>
    public void AskAhead(string? county)
    {
        _asked = Fetch();
        if (county is not null)
            _ = units.ChildrenAsync(county);
    }

    /// <summary>The answer asked for ahead, once; otherwise a fresh one.</summary>
    public Task<LeaderOverviewView> OverviewAsync() => Interlocked.Exchange(ref _asked, null) ?? Fetch();

    private Task<LeaderOverviewView> Fetch() => api.GetAsync<LeaderOverviewView>("leader/overview");
}

public static class CoordinationServices
{
    /// <summary>The services of the coordination and leaders' pages.</summary>
    public static IServiceCollection AddCoordinationAndLeaderServices(this IServiceCollection services) => services
        .AddScoped<CoordinationService>()
        .AddScoped<LeaderService>()
        .AddScoped<ChartLibrary>();
}
