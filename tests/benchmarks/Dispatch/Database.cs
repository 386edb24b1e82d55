using System.Diagnostics;
using System.Globalization;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Changai.Benchmarks.Dispatch;

/// <summary>One benchmark database: created fresh and migrated, seeded with SQL, and watched while the Jobs processes work.</summary>
internal sealed class Database(string connectionString, string jobsConnectionString) : IAsyncDisposable
{
    /// <summary>The role the Jobs processes log in as, so that their statements can be told from the driver's.</summary>
    public const string JobsRole = "bench_jobs";

    private readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    public string ConnectionString { get; } = connectionString;

    public string JobsConnectionString { get; } = jobsConnectionString;

    public static async Task<Database> CreateAsync(string admin, string name)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await Execute(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await Execute(connection, $"CREATE DATABASE {name}");
            await Execute(connection, $"DO $$ BEGIN CREATE ROLE {JobsRole} LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var services = new ServiceCollection();
        services.AddAppDatabase(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = connectionString,
        }).Build(), AppContext.BaseDirectory);
#pragma warning disable ASP0000 // a one-off provider in a console tool, to migrate with the app's own database setup
        await using (var provider = services.BuildServiceProvider())
#pragma warning restore ASP0000
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
        }

        var database = new Database(connectionString, new NpgsqlConnectionStringBuilder(connectionString) { Username = JobsRole }.ConnectionString);
        // Statement counts per message come from pg_stat_statements when the server preloads it (the script does).
        await database.TryAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return database;
    }

    /// <summary>
    /// <paramref name="recipients"/> workers with <paramref name="perRecipient"/> notifications and credits each (openids
    /// <c>{prefix}NNNNNN</c>, bodies <c>{prefix}NNNNNN-i</c>), not yet due: <see cref="ReleaseAsync"/> makes them due at once,
    /// when every Jobs process is up. <paramref name="perRecipient"/> 0 seeds the workers and one credit each, no notifications.
    /// </summary>
    public async Task SeedAsync(string prefix, int recipients, int perRecipient, string template)
    {
        await using var seed = source.CreateCommand("""
            INSERT INTO "Workers" ("Id", "OpenId", "CreatedAt", "LastLoginAt", "IsEcologicalMigrant", "UpdatedAt", "Version")
            SELECT gen_random_uuid(), @prefix || lpad(g::text, 6, '0'), now(), now(), false, now(), 0 FROM generate_series(1, @recipients) g;

            INSERT INTO "SubscriptionCredits" ("Id", "RecipientType", "RecipientId", "TemplateId", "Credits", "UpdatedAt")
            SELECT gen_random_uuid(), 'worker', "Id", @template, greatest(@per, 1), now() FROM "Workers" WHERE "OpenId" LIKE @prefix || '%';

            INSERT INTO "Notifications" ("Id", "RecipientType", "RecipientId", "Kind", "Title", "Body", "DataJson", "DedupKey",
                "CreatedAt", "DueAt", "DeliveryStatus", "NextAttemptAt", "Attempts")
            SELECT gen_random_uuid(), 'worker', w."Id", 'bench.notice', '云南省总工会通知', w."OpenId" || '-' || i,
                '{"status":"已通过"}', 'bench.notice:' || w."Id" || ':' || i, now(), now(), 'Pending', now() + interval '10 years', 0
            FROM "Workers" w CROSS JOIN generate_series(1, @per) i WHERE w."OpenId" LIKE @prefix || '%';
            ANALYZE;
            """);
        seed.Parameters.AddWithValue("prefix", prefix);
        seed.Parameters.AddWithValue("recipients", recipients);
        seed.Parameters.AddWithValue("template", template);
        seed.Parameters.AddWithValue("per", perRecipient);
        seed.CommandTimeout = 600;
        await seed.ExecuteNonQueryAsync();
    }

    public Task ReleaseAsync() => ExecuteAsync("""UPDATE "Notifications" SET "NextAttemptAt" = now() WHERE "DeliveryStatus" = 'Pending'""");

    /// <summary>Waits until <paramref name="servers"/> Hangfire servers beat in this database (their schema is made by the first).</summary>
    public async Task ServersUpAsync(int servers, Func<bool> anyExited)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2) && !anyExited())
        {
            try
            {
                if (await ScalarAsync("SELECT count(*) FROM hangfire.server WHERE lastheartbeat > now() - interval '30 seconds'") >= servers)
                {
                    return;
                }
            }
            catch (PostgresException)
            {
                // The schema is not there yet.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"{servers} Hangfire servers did not come up within 2 minutes");
    }

    /// <summary>Notifications by status (<c>Pending</c>, <c>Sent</c>, …).</summary>
    public async Task<Dictionary<string, long>> StatusesAsync()
    {
        await using var command = source.CreateCommand("""SELECT "DeliveryStatus", count(*) FROM "Notifications" GROUP BY 1""");
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = reader.GetInt64(1);
        }

        return statuses;
    }

    /// <summary>Every notification's body with its outcome (status, and LastError).</summary>
    public async Task<List<(string Body, string Outcome)>> OutcomesAsync()
    {
        await using var command = source.CreateCommand("""SELECT "Body", "DeliveryStatus" || coalesce(':' || "LastError", '') FROM "Notifications" """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    public async Task<List<Guid>> LeasedAsync()
    {
        await using var command = source.CreateCommand("""SELECT "Id" FROM "Notifications" WHERE "DeliveryStatus" = 'Pending' AND "LeaseOwner" IS NOT NULL""");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<long> StillPendingAsync(List<Guid> ids)
    {
        await using var command = source.CreateCommand("""SELECT count(*) FROM "Notifications" WHERE "DeliveryStatus" = 'Pending' AND "Id" = ANY(@ids)""");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<double> SendWindowSecondsAsync() =>
        (double)(await source.CreateCommand("""SELECT coalesce(extract(epoch FROM max("SentAt") - min("SentAt")), 0)::float8 FROM "Notifications" """).ExecuteScalarAsync())!;

    /// <summary>What the server has done so far: statements of the Jobs role by kind, WAL syncs, commits, and CPU.</summary>
    public async Task<ServerCounters> CountersAsync(int? postmasterPid)
    {
        var statements = new Dictionary<string, (long Calls, double Ms)>(StringComparer.Ordinal);
        try
        {
            await using var command = source.CreateCommand($"""
                SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 90), sum(calls)::bigint, sum(total_exec_time)::float8 FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND userid = '{JobsRole}'::regrole
                GROUP BY 1
                """);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statements[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDouble(2));
            }
        }
        catch (PostgresException)
        {
            // pg_stat_statements is not loaded: no statement counts.
        }

        var walSyncs = await ScalarAsync("SELECT wal_sync FROM pg_stat_wal");
        var commits = await ScalarAsync("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return new ServerCounters(statements, walSyncs, commits, PostgresCpu(postmasterPid));
    }

    public Task ResetStatementsAsync() => TryAsync("SELECT pg_stat_statements_reset()");

    /// <summary>CPU time of the postmaster and its children (backends, writers) that are alive now.</summary>
    private static TimeSpan PostgresCpu(int? postmasterPid)
    {
        if (postmasterPid is not { } root)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == root || parent == root)
                {
                    // utime + stime, in clock ticks of 1/100 s (USER_HZ on Linux).
                    total += TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return total;
    }

    public async Task<long> ScalarAsync(string sql) => Convert.ToInt64(await source.CreateCommand(sql).ExecuteScalarAsync(), CultureInfo.InvariantCulture);

    public async Task ExecuteAsync(string sql)
    {
        await using var command = source.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private async Task TryAsync(string sql)
    {
        try
        {
            await ExecuteAsync(sql);
        }
        catch (PostgresException)
        {
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }
}

/// <summary>Cumulative server counters at one moment; the difference of two is what happened between them.</summary>
internal sealed record ServerCounters(IReadOnlyDictionary<string, (long Calls, double Ms)> Statements, long WalSyncs, long Commits, TimeSpan Cpu);
