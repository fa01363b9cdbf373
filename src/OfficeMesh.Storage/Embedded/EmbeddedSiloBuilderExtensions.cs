using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OfficeMesh.Storage.Embedded;

public static class EmbeddedSiloBuilderExtensions
{
    /// <summary>
    /// Keeps grain state (as the named grain storage), reminders and the audit log in <c>officemesh.db</c> under
    /// <paramref name="dataDirectory"/>, for single-machine mode where no database server is available.
    /// </summary>
    public static ISiloBuilder UseOfficeMeshEmbeddedStorage(this ISiloBuilder silo, string dataDirectory, string storageName = "officemesh")
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);

        // Resolve now so a relative path cannot change meaning if the working directory changes later.
        var fullDataDirectory = Path.GetFullPath(dataDirectory);

        silo.ConfigureServices(services =>
        {
            // Keyed by the storage name so that two embedded stores in one silo do not share a file by accident;
            // the container disposes it at shutdown, which closes the pooled connections.
            services.AddKeyedSingleton(storageName, (provider, _) => new EmbeddedSqliteDatabase(
                fullDataDirectory,
                provider.GetRequiredService<ILogger<EmbeddedSqliteDatabase>>()));

            services.AddGrainStorage(storageName, (provider, name) => new SqliteGrainStorage(
                name,
                provider.GetRequiredKeyedService<EmbeddedSqliteDatabase>(name),
                // Same precedence as Orleans' own providers: a serializer registered under the provider's name, else the silo's.
                provider.GetKeyedService<IGrainStorageSerializer>(name) ?? provider.GetRequiredService<IGrainStorageSerializer>(),
                provider.GetRequiredService<IActivatorProvider>(),
                provider.GetRequiredService<ILogger<SqliteGrainStorage>>()));

            // Outbox states live in the same table: the outbox storage is the same store under a second name.
            services.AddKeyedSingleton<IGrainStorage>(ProviderNames.OutboxStorage, (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(storageName));
            services.AddSingleton<IOutboxStore>(provider => new SqliteOutboxStore(provider.GetRequiredKeyedService<EmbeddedSqliteDatabase>(storageName)));

            services.AddReminders();
            services.AddSingleton<IReminderTable>(provider => new SqliteReminderTable(
                provider.GetRequiredKeyedService<EmbeddedSqliteDatabase>(storageName),
                provider.GetRequiredService<IOptions<ClusterOptions>>()));

            services.AddSingleton<IAuditStore>(provider => new SqliteAuditStore(provider.GetRequiredKeyedService<EmbeddedSqliteDatabase>(storageName)));
        });

        return silo;
    }
}
