namespace OfficeMesh.Web.Services;

public static class SectionServices
{
    /// <summary>The services of the information section's, the duty room's and the upper offices' pages.</summary>
    public static IServiceCollection AddSectionServices(this IServiceCollection services) => services
        .AddScoped<SectionService>()
        .AddScoped<ItemActions>()
        .AddScoped<UnitDirectory>()
        .AddScoped<UpperService>()
        .AddScoped<SupervisionService>()
        .AddScoped<Downloads>()
        .AddTransient<EmergencyFeed>();
}
