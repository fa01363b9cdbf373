using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>What the grains need from the host besides Orleans itself.</summary>
    public static IServiceCollection AddOfficeMeshGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        return services;
    }
}
