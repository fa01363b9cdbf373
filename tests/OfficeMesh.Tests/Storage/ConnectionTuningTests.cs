using Npgsql;
using OfficeMesh.Storage.Postgres;
using Xunit;

namespace OfficeMesh.Tests.Storage;

/// <summary>OfficeMesh's connection defaults apply only where the operator's connection string is silent.</summary>
public sealed class ConnectionTuningTests
{
    [Fact]
    public void Defaults_fill_in_what_is_not_given_and_never_override_what_is()
    {
        var silent = new NpgsqlConnectionStringBuilder(PostgresSiloBuilderExtensions.Tuned("Host=db;Password=ResetAutoPrepare"));
        Assert.True(silent.NoResetOnClose);
        Assert.Equal(32, silent.MaxAutoPrepare);
        Assert.Equal("ResetAutoPrepare", silent.Password);

        var explicitly = new NpgsqlConnectionStringBuilder(PostgresSiloBuilderExtensions.Tuned("Host=db;no reset on close=false;MaxAutoPrepare=0"));
        Assert.False(explicitly.NoResetOnClose);
        Assert.Equal(0, explicitly.MaxAutoPrepare);
    }
}
