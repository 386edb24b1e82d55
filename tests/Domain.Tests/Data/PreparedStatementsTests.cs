using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Changai.Domain.Tests.Data;

/// <summary>
/// Repeated statements are prepared on PostgreSQL (no parse and plan on every call) unless the connection string sets its
/// own value. A check on the typed builder's ContainsKey once left preparing off everywhere: it answers whether the
/// keyword exists at all.
/// </summary>
public sealed class PreparedStatementsTests
{
    [Theory]
    [InlineData("Host=db;Database=changai;Maximum Pool Size=150", 64)]
    [InlineData("Host=db;Database=changai;Max Auto Prepare=8", 8)]
    [InlineData("Host=db;Database=changai;MaxAutoPrepare=0", 0)]
    public void Repeated_statements_are_prepared_unless_the_connection_string_says_otherwise(string given, int prepared)
    {
        var options = DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresAppDbContext>(), DatabaseProvider.Postgres, given).Options;

        var used = options.Extensions.OfType<RelationalOptionsExtension>().Single().ConnectionString;
        Assert.Equal(prepared, new NpgsqlConnectionStringBuilder(used).MaxAutoPrepare);
        Assert.Equal("db", new NpgsqlConnectionStringBuilder(used).Host);
    }

    [Theory]
    [InlineData("Host=db;Database=changai", true)]
    [InlineData("Host=db;Database=changai;No Reset On Close=false", false)]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_says_otherwise(string given, bool noReset)
    {
        var options = DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresAppDbContext>(), DatabaseProvider.Postgres, given).Options;

        var used = new NpgsqlConnectionStringBuilder(options.Extensions.OfType<RelationalOptionsExtension>().Single().ConnectionString);
        Assert.Equal(noReset, used.NoResetOnClose);
        Assert.Equal(64, used.MaxAutoPrepare);
    }
}
