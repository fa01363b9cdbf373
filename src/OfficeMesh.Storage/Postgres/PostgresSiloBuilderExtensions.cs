using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Orleans.Hosting;

namespace OfficeMesh.Storage.Postgres;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name under which Orleans loads Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Keeps cluster membership, grain state, reminders and the audit log in PostgreSQL through Orleans' ADO.NET
    /// providers. The database must already hold the schema (see <see cref="PostgresSchema.ApplyAsync"/>);
    /// this method does not touch the database.
    /// </summary>
    /// <param name="silo">The silo to configure.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="grainStorageName">
    /// Name of the grain storage provider; grains refer to it in [PersistentState]. OfficeMesh uses
    /// ProviderNames.GrainStorage, whose value is the default here.
    /// </param>
    public static ISiloBuilder UseOfficeMeshPostgres(this ISiloBuilder silo, string connectionString, string grainStorageName = "officemesh")
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(grainStorageName);

        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = Tuned(connectionString);
        });
        return silo.UseOfficeMeshPostgresStorage(connectionString, grainStorageName);
    }

    /// <summary>Grain state, reminders and the audit log in PostgreSQL, without clustering (for a silo whose membership lives elsewhere).</summary>
    public static ISiloBuilder UseOfficeMeshPostgresStorage(this ISiloBuilder silo, string connectionString, string grainStorageName = "officemesh")
    {
        connectionString = Tuned(connectionString);
        silo.AddAdoNetGrainStorage(grainStorageName, options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        silo.Services.AddSingleton(provider => new PostgresOutboxStorage(NpgsqlDataSource.Create(connectionString),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            provider.GetKeyedService<IGrainStorageSerializer>(grainStorageName) ?? provider.GetRequiredService<IGrainStorageSerializer>(),
            provider.GetRequiredService<IActivatorProvider>(), provider.GetRequiredKeyedService<IGrainStorage>(grainStorageName)));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.OutboxStorage, (provider, _) => provider.GetRequiredService<PostgresOutboxStorage>());
        silo.Services.AddSingleton<IOutboxStore>(provider => provider.GetRequiredService<PostgresOutboxStorage>());
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        silo.Services.AddSingleton<IAuditStore>(_ => new PostgresAuditStore(connectionString));
        return silo;
    }

    /// <summary>
    /// Orleans opens a pooled connection for every query and keeps no session state, so two Npgsql defaults only
    /// cost here: resetting a connection (DISCARD ALL) each time it goes back to the pool, which also throws
    /// away the plans PostgreSQL cached for our functions, and parsing the same few statements on every call.
    /// Settings given explicitly in the connection string win.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // Keywords as given (any case, with or without spaces), not substrings of the whole string: a password may contain anything.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("NoResetOnClose"))
            builder.NoResetOnClose = true;
        if (!given.Contains("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 32;
        return builder.ConnectionString;
    }
}
