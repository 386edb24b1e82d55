using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Changai.Api.Tests.Data;

/// <summary>
/// The migrations are scaffolded per provider (<c>tools/migrations.sh add</c>). These tests fail CI when the model has
/// changed without a migration for each provider, and when a migration (edited by hand, or carrying raw SQL) builds a
/// schema other than the one the model describes: tables, columns (type, nullability), indexes (unique, filtered) and
/// foreign keys. The schema comparison runs on SQLite, and on PostgreSQL when TEST_DATABASE=postgres.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public void Each_provider_has_a_migration_for_every_model_change()
    {
        // Compares the model with each provider's snapshot; no database is opened (same as `dotnet ef migrations
        // has-pending-model-changes`, for both providers in either test pass).
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "The model has changes without a SQLite migration: run tools/migrations.sh add <Name>");
        Assert.False(postgres.Database.HasPendingModelChanges(), "The model has changes without a PostgreSQL migration: run tools/migrations.sh add <Name>");
    }

    [Fact]
    public async Task A_database_built_by_the_replaced_hand_written_migrations_is_refused_with_what_to_do()
    {
        var path = Path.Combine(Path.GetTempPath(), "changai_old_" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                    INSERT INTO "__EFMigrationsHistory" VALUES ('20261121000000_Initial', '10.0.11');
                    CREATE TABLE "Unions" ("Id" TEXT NOT NULL PRIMARY KEY);
                    """;
                await command.ExecuteNonQueryAsync();
            }

            await using var db = new SqliteAppDbContext(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteAppDbContext>(), DatabaseProvider.Sqlite, $"Data Source={path}").Options);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.MigrateAppDatabaseAsync());
            Assert.Contains("src/Api/data/changai.db", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_migrations_build_the_schema_the_model_expects()
    {
        var migrated = await DescribeAsync(useMigrations: true);
        var modelled = await DescribeAsync(useMigrations: false);
        Assert.NotEmpty(modelled);
        var missing = modelled.Except(migrated).ToList();
        var extra = migrated.Except(modelled).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "Schema differs.\nIn the model but not built by the migrations:\n  " + string.Join("\n  ", missing) +
            "\nBuilt by the migrations but not in the model:\n  " + string.Join("\n  ", extra));
    }

    private static async Task<SortedSet<string>> DescribeAsync(bool useMigrations)
    {
        var name = "changai_schema_" + Guid.NewGuid().ToString("N");
        if (ApiFactory.UsesPostgres)
        {
            var connectionString = ApiFactory.PostgresConnectionString(name);
            await using (var admin = new NpgsqlConnection(ApiFactory.PostgresConnectionString("postgres")))
            {
                await admin.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
            }

            try
            {
                await BuildAsync(new PostgresAppDbContext(DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresAppDbContext>(), DatabaseProvider.Postgres, connectionString).Options), useMigrations);
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return await ReadAsync(connection,
                    """
                    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
                      FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
                    UNION ALL
                    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
                    UNION ALL
                    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '"\_\_EF%'
                    """);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(ApiFactory.PostgresConnectionString("postgres"));
                await admin.OpenAsync();
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
            }
        }

        var path = Path.Combine(Path.GetTempPath(), name + ".db");
        try
        {
            await BuildAsync(new SqliteAppDbContext(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteAppDbContext>(), DatabaseProvider.Sqlite, $"Data Source={path}").Options), useMigrations);
            await using var connection = new SqliteConnection($"Data Source={path}");
            await connection.OpenAsync();
            return await ReadAsync(connection,
                """
                SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' pk=' || c.pk
                  FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\' AND m.name <> 'sqlite_sequence'
                UNION ALL
                SELECT 'index ' || m.name || ' ' || m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name NOT LIKE '\_\_EF%' ESCAPE '\'
                UNION ALL
                SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete
                  FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
                """);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static async Task BuildAsync(AppDbContext context, bool useMigrations)
    {
        await using var db = context;
        if (useMigrations)
        {
            await db.Database.MigrateAsync();
        }
        else
        {
            await db.Database.EnsureCreatedAsync();
        }
    }

    private static async Task<SortedSet<string>> ReadAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
