using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.Domain.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (the embedded default; production may run them as a release step).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> on SQLite (connection string relative to <paramref name="contentRoot"/>, folder
    /// created when missing) or PostgreSQL, from <c>Database:Provider</c> and <c>ConnectionStrings:Default</c>.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("缺少数据库连接串：ConnectionStrings:Default");
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.IsValid, "Retention: 每个保存期限都应大于 0").ValidateOnStart();

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = ResolveSqlitePath(connectionString, contentRoot);
        }

        services.AddDbContext<AppDbContext>(db =>
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                db.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(0));
            }
            else
            {
                db.UseSqlite(connectionString);
            }

            // No model snapshot is kept (migrations are hand-written); MigrationSchemaTests guards the model instead.
            db.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        return services;
    }

    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        // Writers wait for each other instead of failing at once with "database is locked".
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }
}
