using Changai.Domain.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>
/// The API in its embedded default (Development settings, demo data, WeChat simulator mounted) on a database of its own:
/// a fresh SQLite file, or a fresh PostgreSQL database when TEST_DATABASE=postgres. The real WeChat client reaches the
/// simulator over HTTP through the in-memory server, exactly as production reaches api.weixin.qq.com.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string databaseName = "changai_test_" + Guid.NewGuid().ToString("N");
    private readonly string sqlitePath;
    private readonly Dictionary<string, string?> settings;

    private readonly ApiFactory? wechatVia;

    public ApiFactory() : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="wechatVia">Another instance whose WeChat simulator this one's client should call (one WeChat for two API instances).</param>
    private ApiFactory(IDictionary<string, string?> overrides, ApiFactory? wechatVia) : this(overrides) => this.wechatVia = wechatVia;

    private ApiFactory(IDictionary<string, string?> overrides)
    {
        sqlitePath = Path.Combine(Path.GetTempPath(), databaseName + ".db");
        settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = UsesPostgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Default"] = UsesPostgres ? PostgresConnectionString(databaseName) : $"Data Source={sqlitePath}",
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("TEST_REDIS") ?? "",
            ["WeChat:BaseAddress"] = "http://localhost/wechat-sim",
            // Each instance its own keys in the shared test Redis, unless a test shares them on purpose.
            ["Redis:KeyPrefix"] = "test-" + Guid.NewGuid().ToString("N"),
            ["Jobs:InProcess"] = "false",
            // Tests make their own workers and applications; the console's sample figures would only get in their way.
            ["DemoData:SampleActivity"] = "false",
            ["RateLimits:LoginPerIpPerMinute"] = "100000",
            ["RateLimits:LoginPerAccountPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        if (UsesPostgres)
        {
            using var connection = new NpgsqlConnection(PostgresConnectionString("postgres"));
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>An instance with some settings changed (e.g. lower rate limits).</summary>
    public static ApiFactory With(IDictionary<string, string?> overrides, ApiFactory? wechatVia = null) => new(overrides, wechatVia);

    /// <summary>The connection string this instance's API uses (other hosts, such as Jobs processes, can share it).</summary>
    public string ConnectionString => settings["ConnectionStrings:Default"]!;

    public static bool UsesPostgres => string.Equals(Environment.GetEnvironmentVariable("TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_POSTGRES")
            ?? throw new InvalidOperationException("TEST_DATABASE=postgres needs TEST_POSTGRES (tests/run.sh sets it)")) { Database = database }.ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
            services.AddHttpClient(Changai.WeChat.WeChatClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => (wechatVia ?? this).Server.CreateHandler()));
    }

    /// <summary>Reads the database directly, for asserting what was stored (encryption, audit, outbox).</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (UsesPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(sqlitePath);
        }

        GC.SuppressFinalize(this);
    }
}
