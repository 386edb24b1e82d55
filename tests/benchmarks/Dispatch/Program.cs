// Notification-dispatch benchmark (issue 3). Hosts the WeChat simulator, measures its raw send rate, then for each
// requested number of Jobs processes: seeds a fresh PostgreSQL database with N due notifications, starts that many real
// Jobs processes (Hangfire servers on one PostgreSQL storage, Redis shared), waits until nothing is pending, and checks every message
// the simulator received for duplicates and losses. Prints a Markdown table. Run through ../notification-dispatch.sh.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Benchmarks.Dispatch;
using Changai.Domain.Data;
using Changai.WeChat;
using Changai.WeChat.Simulator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var settings = Settings.Parse(args);
const string AppId = "wxbench00000000001";
const string Secret = "bench-app-secret";
const string Template = "sim-tmpl-review-result";

var simBuilder = WebApplication.CreateBuilder();
simBuilder.Logging.ClearProviders();
simBuilder.WebHost.UseUrls("http://127.0.0.1:0");
simBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["WeChat:AppId"] = AppId,
    ["WeChat:AppSecret"] = Secret,
    ["WeChat:Simulator:Enabled"] = "true",
    ["WeChat:Simulator:MessagesKept"] = (settings.Count * settings.Processes.Length + settings.RawMessages + 1).ToString(CultureInfo.InvariantCulture),
});
simBuilder.Services.AddWeChatSimulator();
await using var simulator = simBuilder.Build();
simulator.MapWeChatSimulator("/wechat-sim");
await simulator.StartAsync();
var simBase = simulator.Urls.First() + "/wechat-sim/";
using var http = new HttpClient { BaseAddress = new Uri(simBase), Timeout = TimeSpan.FromMinutes(5) };
Console.Error.WriteLine($"simulator at {simBase}");

var rows = new List<string>();
var rawRate = await MeasureRawAsync();
rows.Add($"| simulator alone (raw HTTP, {settings.RawConcurrency} concurrent) | {settings.RawMessages:N0} | – | – | {rawRate:N0} | 1.00 | – | – | – |");

for (var run = 0; run < settings.Processes.Length; run++)
{
    rows.Add(await MeasureDispatchAsync(run, settings.Processes[run]));
}

Console.WriteLine();
Console.WriteLine($"Notification dispatch: {settings.Count:N0} due notifications to {settings.Recipients:N0} workers, dispatch cron `{settings.DispatchCron}`, " +
    $"batch {settings.BatchSize}, ceiling {settings.MaxSendsPerSecond:N0}/s, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| Setup | Messages | Wall time from process start (s) | First to last send (s) | Messages/s (send window) | Ratio to simulator raw | Duplicates | Losses | Peak RSS per Jobs process (MB) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
return rows.Any(r => r.Contains("FAIL", StringComparison.Ordinal)) ? 1 : 0;

async Task<double> MeasureRawAsync()
{
    const int perRecipient = 50;
    var recipients = (settings.RawMessages + perRecipient - 1) / perRecipient;
    await GrantAsync(Enumerable.Range(0, recipients).Select(i => $"oraw-{i:D6}"), perRecipient);
    var token = await http.PostAsJsonAsync("cgi-bin/stable_token", new { grant_type = "client_credential", appid = AppId, secret = Secret });
    var accessToken = (string)(await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    var time = SubscribeValueFormatter.FormatTime(DateTime.UtcNow);
    var errors = 0;
    var clock = Stopwatch.StartNew();
    await Parallel.ForAsync(0, settings.RawMessages, new ParallelOptions { MaxDegreeOfParallelism = settings.RawConcurrency }, async (i, ct) =>
    {
        var response = await http.PostAsJsonAsync($"cgi-bin/message/subscribe/send?access_token={accessToken}", new
        {
            touser = $"oraw-{i / perRecipient:D6}",
            template_id = Template,
            miniprogram_state = "formal",
            lang = "zh_CN",
            data = new Dictionary<string, object>
            {
                ["thing1"] = new { value = "云南省总工会通知" }, ["phrase2"] = new { value = "已通过" },
                ["time3"] = new { value = time }, ["thing4"] = new { value = $"R-{i}" },
            },
        }, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        if ((int?)body?["errcode"] != 0)
        {
            Interlocked.Increment(ref errors);
        }
    });
    var rate = settings.RawMessages / clock.Elapsed.TotalSeconds;
    Console.Error.WriteLine($"raw: {settings.RawMessages} sends in {clock.Elapsed.TotalSeconds:F1} s ({rate:F0}/s), {errors} errors");
    return errors == 0 ? rate : throw new InvalidOperationException($"{errors} raw sends failed");
}

async Task<string> MeasureDispatchAsync(int run, int processes)
{
    var database = $"bench_dispatch_{run}";
    var connectionString = await RecreateDatabaseAsync(database);
    var prefix = $"ob{run}-";
    await SeedAsync(connectionString, prefix);
    await GrantAsync(Enumerable.Range(1, settings.Recipients).Select(i => $"{prefix}{i:D6}"), settings.PerRecipient);
    Console.Error.WriteLine($"run {run}: {settings.Count} notifications seeded in {database}; starting {processes} Jobs process(es)");

    var jobs = Enumerable.Range(0, processes).Select(i => JobsProcess.Start(settings.JobsDirectory, new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Urls"] = "http://127.0.0.1:0",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = connectionString,
        ["ConnectionStrings__Redis"] = settings.Redis,
        ["Redis__KeyPrefix"] = $"bench{run}:{DateTime.UtcNow.Ticks}:",
        ["Jobs__Store"] = "Postgres",
        ["Jobs__Schedules__dispatch-notifications"] = settings.DispatchCron,
        ["WeChat__AppId"] = AppId,
        ["WeChat__AppSecret"] = Secret,
        ["WeChat__BaseAddress"] = simBase.TrimEnd('/'),
        ["WeChat__MiniProgramState"] = "formal",
        ["Notifications__BatchSize"] = settings.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["Notifications__MaxSendsPerSecond"] = settings.MaxSendsPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Notifications__Templates__bench.notice__TemplateId"] = Template,
        ["Notifications__Templates__bench.notice__Fields__thing1"] = "title",
        ["Notifications__Templates__bench.notice__Fields__phrase2"] = "status",
        ["Notifications__Templates__bench.notice__Fields__time3"] = "createdAt",
        ["Notifications__Templates__bench.notice__Fields__thing4"] = "body",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
    }, $"jobs{run}.{i}")).ToList();

    var clock = Stopwatch.StartNew();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    long pending;
    do
    {
        await Task.Delay(250);
        jobs.ForEach(j => j.SampleMemory());
        pending = await ScalarAsync(connection, "SELECT count(*) FROM \"Notifications\" WHERE \"DeliveryStatus\" = 'Pending'");
        if (jobs.Any(j => j.HasExited))
        {
            throw new InvalidOperationException("a Jobs process exited early:\n" + string.Join("\n", jobs.Select(j => j.Tail())));
        }

        if (clock.Elapsed > settings.Timeout)
        {
            Console.Error.WriteLine($"run {run}: timed out with {pending} pending");
            break;
        }
    }
    while (pending > 0);

    var drain = clock.Elapsed.TotalSeconds;
    var peakMb = jobs.Max(j => j.PeakWorkingSetBytes) / 1024.0 / 1024.0;
    await Task.WhenAll(jobs.Select(j => j.StopAsync()));

    var sent = await ScalarAsync(connection, "SELECT count(*) FROM \"Notifications\" WHERE \"DeliveryStatus\" = 'Sent'");
    var window = (double)(await new NpgsqlCommand(
        "SELECT coalesce(extract(epoch FROM max(\"SentAt\") - min(\"SentAt\")), 0)::float8 FROM \"Notifications\"", connection).ExecuteScalarAsync())!;
    var outcomes = await OutcomesAsync(connection);
    var messages = (await http.GetFromJsonAsync<JsonArray>("dev/messages"))!
        .Select(m => ((string)m!["openid"]!, (string)m["data"]!["thing4"]!))
        .Where(m => m.Item1.StartsWith(prefix, StringComparison.Ordinal))
        .ToList();
    var distinct = messages.Distinct().Count();
    var duplicates = messages.Count - distinct;
    var losses = settings.Count - distinct;
    var rate = settings.Count / Math.Max(window, 0.001);
    var verdict = duplicates == 0 && losses == 0 && sent == settings.Count ? "" : " FAIL";
    Console.Error.WriteLine($"run {run}: drained in {drain:F1} s, {sent} sent in the database ({outcomes}), simulator received {messages.Count} ({distinct} distinct)");
    return $"| {processes} Jobs process{(processes > 1 ? "es" : "")} (Hangfire on PostgreSQL) | {settings.Count:N0} | {drain:F1} | {window:F1} | {rate:N0} | {rate / rawRate:F2} | {duplicates}{verdict} | {losses} | {peakMb:F0} |";
}

async Task GrantAsync(IEnumerable<string> openIds, int count) =>
    await Parallel.ForEachAsync(openIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (openId, ct) =>
        (await http.PostAsJsonAsync("dev/subscriptions", new { openid = openId, templateId = Template, count }, ct)).EnsureSuccessStatusCode());

async Task<string> RecreateDatabaseAsync(string database)
{
    await using (var admin = new NpgsqlConnection(settings.Postgres))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
    }

    var connectionString = new NpgsqlConnectionStringBuilder(settings.Postgres) { Database = database }.ConnectionString;
    var services = new ServiceCollection();
    services.AddAppDatabase(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Default"] = connectionString,
    }).Build(), AppContext.BaseDirectory);
#pragma warning disable ASP0000 // a one-off provider in a console tool, to migrate with the app's own database setup
    await using var provider = services.BuildServiceProvider();
#pragma warning restore ASP0000
    await using var scope = provider.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
    return connectionString;
}

async Task SeedAsync(string connectionString, string prefix)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var seed = new NpgsqlCommand("""
        INSERT INTO "Workers" ("Id", "OpenId", "CreatedAt", "LastLoginAt", "IsEcologicalMigrant", "UpdatedAt", "Version")
        SELECT gen_random_uuid(), @prefix || lpad(g::text, 6, '0'), now(), now(), false, now(), 0 FROM generate_series(1, @recipients) g;

        INSERT INTO "SubscriptionCredits" ("Id", "RecipientType", "RecipientId", "TemplateId", "Credits", "UpdatedAt")
        SELECT gen_random_uuid(), 'worker', "Id", @template, @per, now() FROM "Workers";

        INSERT INTO "Notifications" ("Id", "RecipientType", "RecipientId", "Kind", "Title", "Body", "DataJson", "DedupKey",
            "CreatedAt", "DueAt", "DeliveryStatus", "NextAttemptAt", "Attempts")
        SELECT gen_random_uuid(), 'worker', w."Id", 'bench.notice', '云南省总工会通知', 'N-' || w."OpenId" || '-' || i,
            '{"status":"已通过"}', 'bench.notice:' || w."Id" || ':' || i, now(), now(), 'Pending', now(), 0
        FROM "Workers" w CROSS JOIN generate_series(1, @per) i;
        ANALYZE;
        """, connection);
    seed.Parameters.AddWithValue("prefix", prefix);
    seed.Parameters.AddWithValue("recipients", settings.Recipients);
    seed.Parameters.AddWithValue("template", Template);
    seed.Parameters.AddWithValue("per", settings.PerRecipient);
    await seed.ExecuteNonQueryAsync();
}

static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql) =>
    (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;

static async Task<string> OutcomesAsync(NpgsqlConnection connection)
{
    await using var reader = await new NpgsqlCommand(
        "SELECT \"DeliveryStatus\" || coalesce(':' || \"LastError\", ''), count(*) FROM \"Notifications\" GROUP BY 1 ORDER BY 1", connection).ExecuteReaderAsync();
    var parts = new List<string>();
    while (await reader.ReadAsync())
    {
        parts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
    }

    return string.Join(", ", parts);
}
