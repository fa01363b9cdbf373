using Orleans.Hosting;

namespace OfficeMesh.Storage.Postgres;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name under which Orleans loads Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Keeps cluster membership, grain state and reminders in PostgreSQL through Orleans' ADO.NET
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
            options.ConnectionString = connectionString;
        });
        return silo.UseOfficeMeshPostgresStorage(connectionString, grainStorageName);
    }

    /// <summary>Grain state and reminders in PostgreSQL, without clustering (for a silo whose membership lives elsewhere).</summary>
    public static ISiloBuilder UseOfficeMeshPostgresStorage(this ISiloBuilder silo, string connectionString, string grainStorageName = "officemesh")
    {
        silo.AddAdoNetGrainStorage(grainStorageName, options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }
}
