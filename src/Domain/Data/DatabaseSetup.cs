using Microsoft.EntityFrameworkCore;
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

        // Each provider has its own context subtype (its migrations); everything resolves AppDbContext. The options are built
        // once per process (optionsLifetime singleton; the interceptors are singletons): scoped options re-ran Configure for
        // every request — a connection string parsed, the provider and interceptors set again, and EF Core's internal
        // service provider looked up by hashing them — which the quiz burst's profile showed on every request.
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(
                (provider, db) => Configure(provider, db, options.Provider, connectionString), optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(
                (provider, db) => Configure(provider, db, options.Provider, connectionString), optionsLifetime: ServiceLifetime.Singleton);
        }

        return services;
    }

    /// <summary>The provider options, shared by the hosts, the design-time factories and the schema tests.</summary>
    public static DbContextOptionsBuilder<TContext> Configure<TContext>(DbContextOptionsBuilder<TContext> db, DatabaseProvider provider, string connectionString)
        where TContext : AppDbContext
    {
        Configure((DbContextOptionsBuilder)db, provider, connectionString);
        return db;
    }

    private static void Configure(IServiceProvider services, DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        // Interceptors registered by the host (e.g. the one that enqueues a dispatch when notifications are committed).
        db.AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        Configure(db, provider, connectionString);
    }

    private static void Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        // Every save that adds or removes a union changes the tree's stamp with it, whichever process makes it.
        db.AddInterceptors(Organizations.UnionTreeStamp.Interceptor.Instance);
        if (provider == DatabaseProvider.Postgres)
        {
            // Statements run again and again (every hot path's few) are prepared on each pooled connection after their
            // first uses, so PostgreSQL skips parsing and planning them. A connection taken from the pool is not reset
            // (Npgsql would otherwise send a reset statement on its first command, once or twice a request): nothing
            // here leaves session state behind (no SET, LISTEN, temporary table or session advisory lock; the tree lock
            // is transaction-scoped). A connection string may still set its own values. (A plain builder reads what the
            // string says: NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists at all, which once
            // left preparing off everywhere.)
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            var npgsqlSettings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            {
                npgsqlSettings.MaxAutoPrepare = 64;
            }

            if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            {
                npgsqlSettings.NoResetOnClose = true;
            }

            connectionString = npgsqlSettings.ConnectionString;
            db.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(0));
        }
        else
        {
            db.UseSqlite(connectionString);
        }
        // PendingModelChangesWarning stays an error: Migrate refuses a model that has changes without a migration.
    }

    /// <summary>
    /// Applies pending migrations. A database built by the hand-written migrations that preceded the scaffolded baseline
    /// (history starting with <c>20261121000000_Initial</c>) cannot be upgraded: it is refused with what to do, instead of
    /// failing half-way on "table already exists".
    /// </summary>
    public static async Task MigrateAppDatabaseAsync(this AppDbContext db, CancellationToken ct = default)
    {
        if ((await db.Database.GetAppliedMigrationsAsync(ct)).Contains(HandWrittenBaseline))
        {
            throw new InvalidOperationException(
                "数据库由旧的手写迁移创建，无法升级（docs/decisions.md：迁移基线重置）。这只会是演示数据库：删除它（内置默认为 src/Api/data/changai.db）后重新启动。"
                + " The database was built by the hand-written migrations replaced by the scaffolded baseline; it holds demo data only: drop it and start again.");
        }

        await db.Database.MigrateAsync(ct);
    }

    private const string HandWrittenBaseline = "20261121000000_Initial";

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
