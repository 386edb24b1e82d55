using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Changai.Domain.Data;

// Scaffolded migrations are provider-specific (column types, identity/autoincrement annotations), so each provider has
// its own context subtype and with it its own migrations and model snapshot: EF's "one migrations set per provider" with
// both sets in this assembly. The subtypes add nothing to the model. tools/add-migration.sh scaffolds both.

/// <summary>The embedded default's database; migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The production database; migrations in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

// What dotnet ef builds each context with. Scaffolding and has-pending-model-changes read only the model. The connection
// strings deliberately reach no real database: `migrations remove --force` (tools/migrations.sh) asks whether the
// migration was applied and would revert it there; an in-memory SQLite database and a closed port answer "no" at once.
// Apply migrations through the hosts (Database:MigrateOnStart) or `dotnet ef migrations script`, not `database update`.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteAppDbContext>(), DatabaseProvider.Sqlite, "Data Source=:memory:").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresAppDbContext>(), DatabaseProvider.Postgres,
            "Host=127.0.0.1;Port=1;Database=changai_design_time;Timeout=1").Options);
}
