using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OfficeMesh.Contracts;
using Microsoft.Extensions.Options;
using OfficeMesh.Grains.Directory;
using OfficeMesh.Grains.Supervision;
using Orleans.Storage;

namespace OfficeMesh.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>What the grains need from the silo's services: a clock, the password hasher, the state serializer.</summary>
    public static IServiceCollection AddOfficeMeshGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        // State is stored with Orleans' own serializer: the [Id]/[Alias] attributes on every stored
        // type keep old data readable across renames, and no CLR type names end up in the database.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddSingleton<OutboxSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<OutboxSweeper>());
        services.AddOptions<SignInLockoutOptions>().BindConfiguration("OfficeMesh:SignIn");
        services.AddOptions<IdempotencyOptions>().BindConfiguration("OfficeMesh:Idempotency");
        services.AddOptions<SupervisionOptions>().BindConfiguration("OfficeMesh:Supervision");
        services.AddOptions<WorkCalendarOptions>().BindConfiguration("OfficeMesh:Calendar");
        services.TryAddSingleton(provider => WorkCalendar.From(provider.GetRequiredService<IOptions<WorkCalendarOptions>>().Value));
        return services;
    }
}
