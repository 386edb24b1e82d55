using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>A test that needs PostgreSQL itself (e.g. Hangfire servers sharing PostgreSQL storage); reported as skipped in the SQLite run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!ApiFactory.UsesPostgres)
        {
            Skip = "needs PostgreSQL: runs in the TEST_DATABASE=postgres pass of tests/run.sh";
        }
    }
}
