// Notification-dispatch benchmark (issues 3, 14, 16). Hosts the WeChat simulator and measures, for each Jobs build given
// (before/after, side by side in one run, interleaved):
//   throughput — N due notifications drained by 1 and 2 real Jobs processes; messages/s over the send window, its ratio to
//                pgbench's single-row INSERT rate (same run), duplicates and losses, and the profile: statements, commits,
//                WAL syncs and CPU (Jobs, PostgreSQL, simulator) per message;
//   latency    — a trickle of single notifications committed one by one through the app's own DbContext (the commit hook
//                enqueues a dispatch, as an officer's approval does) while a Jobs process idles: commit → simulator receipt;
//   kill       — a fan-out drained by two Jobs processes, one killed with SIGKILL mid-dispatch: how long until the other
//                has finished, duplicates, losses and what was left in doubt.
// Prints Markdown tables. Run through ../notification-dispatch.sh.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Benchmarks.Dispatch;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.Hosting.Jobs;
using Changai.WeChat;
using Changai.WeChat.Simulator;
using Npgsql;

var settings = Settings.Parse(args);
const string AppId = "wxbench00000000001";
const string Secret = "bench-app-secret";
const string Template = "sim-tmpl-review-result";
var culture = CultureInfo.InvariantCulture;

var simBuilder = WebApplication.CreateBuilder();
simBuilder.Logging.ClearProviders();
simBuilder.WebHost.UseUrls("http://127.0.0.1:0");
simBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["WeChat:AppId"] = AppId,
    ["WeChat:AppSecret"] = Secret,
    ["WeChat:Simulator:Enabled"] = "true",
    ["WeChat:Simulator:MessagesKept"] = (Math.Max(settings.Count, settings.KillCount) + settings.RawMessages + settings.Trickle + 1000).ToString(culture),
});
simBuilder.Services.AddWeChatSimulator();
await using var simulator = simBuilder.Build();
simulator.MapWeChatSimulator("/wechat-sim");
await simulator.StartAsync();
var simBase = simulator.Urls.First() + "/wechat-sim/";
using var http = new HttpClient { BaseAddress = new Uri(simBase), Timeout = TimeSpan.FromMinutes(5) };
Console.Error.WriteLine($"simulator at {simBase}");

var pgbenchBefore = await PgbenchAsync("before");
var rawRate = await MeasureRawAsync();
var run = 0;
var throughput = new List<(string Left, double Rate, string Right)>();
var profiles = new StringBuilder();
var latency = new List<string>();
var kills = new List<string>();

if (settings.Runs("throughput"))
{
    foreach (var processes in settings.Processes)
    {
        foreach (var build in settings.Builds)
        {
            throughput.Add(await ThroughputAsync(build, processes, run++));
        }
    }
}

if (settings.Runs("latency"))
{
    foreach (var build in settings.Builds)
    {
        latency.Add(await LatencyAsync(build, run++));
    }
}

if (settings.Runs("kill"))
{
    foreach (var build in settings.Builds)
    {
        kills.Add(await KillAsync(build, run++));
    }
}

var pgbenchAfter = await PgbenchAsync("after");
var pgbench = pgbenchAfter > 0 && pgbenchBefore > 0 ? (pgbenchBefore + pgbenchAfter) / 2 : Math.Max(pgbenchBefore, pgbenchAfter);

Console.WriteLine();
Console.WriteLine($"Notification dispatch: {settings.Count:N0} due notifications to {settings.Recipients:N0} workers ({settings.PerRecipient} each), " +
    $"dispatch sweep `{settings.DispatchCron}`, batch {settings.BatchSize}, ceiling {settings.MaxSendsPerSecond:N0}/s, {Environment.ProcessorCount} cores; " +
    $"simulator raw {rawRate:N0} sends/s ({settings.RawConcurrency} concurrent HTTP clients); pgbench single-row INSERT ({settings.PgbenchClients} clients, " +
    $"{settings.PgbenchSeconds} s) {pgbenchBefore:N0}/s before the runs and {pgbenchAfter:N0}/s after (ratios use the mean, {pgbench:N0}/s)");
if (throughput.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("| Build | Jobs processes | Messages | Send window (s) | Messages/s | ÷ pgbench INSERT/s | ÷ simulator raw | Duplicates | Lost | In doubt | Statements / message (dispatch + Hangfire) | Commits / message | WAL syncs / message | CPU ms / message: Jobs, PostgreSQL, simulator | Peak RSS per Jobs process (MB) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    throughput.ForEach(row => Console.WriteLine($"{row.Left} {(pgbench > 0 ? (row.Rate / pgbench).ToString("F3", culture) : "–")} |{row.Right}"));
    Console.WriteLine();
    Console.WriteLine("Statements per message by the Jobs processes (pg_stat_statements, from 1 % of the messages sent to the end), with mean execution time:");
    Console.WriteLine(profiles.ToString());
}

if (latency.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Latency: {settings.Trickle} notifications committed one by one every {settings.TrickleIntervalMs} ms through the app's DbContext (its commit hook enqueues a dispatch) while one Jobs process runs (sweep every 10 s)");
    Console.WriteLine();
    Console.WriteLine("| Build | Notifications | Commit → WeChat p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | over 1 s | Duplicates | Lost |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    latency.ForEach(Console.WriteLine);
}

if (kills.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Jobs process killed: {settings.KillCount:N0} notifications (one per worker), two Jobs processes, lease {settings.LeaseSeconds} s; Jobs #1 gets SIGKILL once a quarter has been sent");
    Console.WriteLine();
    Console.WriteLine("| Build | Messages | Leased at the kill (both processes) | Dead leases taken over after (s) | All settled after the kill (s) | Sent | In doubt (of which at WeChat) | Duplicates | Lost |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    kills.ForEach(Console.WriteLine);
}

var all = throughput.Select(t => t.Right).Concat(latency).Concat(kills).ToList();
return all.Any(r => r.Contains("FAIL", StringComparison.Ordinal)) ? 1 : 0;

Dictionary<string, string> JobsEnvironment(Build build, Database database, int runIndex, string cron, int? leaseSeconds = null)
{
    var environment = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Urls"] = "http://127.0.0.1:0",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = database.JobsConnectionString,
        ["ConnectionStrings__Redis"] = settings.Redis,
        ["Redis__KeyPrefix"] = $"bench{runIndex}:{DateTime.UtcNow.Ticks}:",
        ["Jobs__Store"] = "Postgres",
        ["Jobs__Schedules__dispatch-notifications"] = cron,
        ["WeChat__AppId"] = AppId,
        ["WeChat__AppSecret"] = Secret,
        ["WeChat__BaseAddress"] = simBase.TrimEnd('/'),
        ["WeChat__MiniProgramState"] = "formal",
        ["Notifications__BatchSize"] = settings.BatchSize.ToString(culture),
        ["Notifications__MaxSendsPerSecond"] = settings.MaxSendsPerSecond.ToString(culture),
        ["Notifications__Templates__bench.notice__TemplateId"] = Template,
        ["Notifications__Templates__bench.notice__Fields__thing1"] = "title",
        ["Notifications__Templates__bench.notice__Fields__phrase2"] = "status",
        ["Notifications__Templates__bench.notice__Fields__time3"] = "createdAt",
        ["Notifications__Templates__bench.notice__Fields__thing4"] = "body",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
    };
    if (build.Senders is { } senders)
    {
        environment["Notifications__Senders"] = senders.ToString(culture);
    }

    if (leaseSeconds is { } lease)
    {
        environment["Notifications__LeaseSeconds"] = lease.ToString(culture);
    }

    return environment;
}

List<JobsProcess> StartJobs(Build build, Database database, int runIndex, int processes, string cron, int? leaseSeconds = null) =>
    Enumerable.Range(0, processes).Select(i => JobsProcess.Start(build.Directory, JobsEnvironment(build, database, runIndex, cron, leaseSeconds), $"jobs{runIndex}.{i}")).ToList();

async Task<(string Left, double Rate, string Right)> ThroughputAsync(Build build, int processes, int runIndex)
{
    await using var database = await Database.CreateAsync(settings.Postgres, $"bench_dispatch_{runIndex}");
    var prefix = $"ob{runIndex}-";
    await database.SeedAsync(prefix, settings.Recipients, settings.PerRecipient, Template);
    await GrantAsync(Enumerable.Range(1, settings.Recipients).Select(i => $"{prefix}{i:D6}"), settings.PerRecipient);
    Console.Error.WriteLine($"run {runIndex} ({build.Label}, {processes} process(es)): {settings.Count} notifications seeded; starting the Jobs processes");
    var jobs = StartJobs(build, database, runIndex, processes, settings.DispatchCron);
    try
    {
        await database.ServersUpAsync(processes, () => jobs.Any(j => j.HasExited));
        await database.ReleaseAsync();
        var clock = Stopwatch.StartNew();
        (ServerCounters Server, TimeSpan Jobs, TimeSpan Driver, long Sent)? start = null;
        Dictionary<string, long> statuses;
        do
        {
            await Task.Delay(1000);
            jobs.ForEach(j => j.SampleMemory());
            statuses = await database.StatusesAsync();
            if (jobs.Any(j => j.HasExited))
            {
                throw new InvalidOperationException("a Jobs process exited early:\n" + string.Join("\n", jobs.Select(j => j.Tail())));
            }

            if (start is null && statuses.GetValueOrDefault("Sent") >= settings.Count / 100)
            {
                // From here on (code jitted, connections open) the counters measure the steady state.
                await database.ResetStatementsAsync();
                start = (await database.CountersAsync(settings.PostmasterPid), JobsCpu(jobs), DriverCpu(), statuses.GetValueOrDefault("Sent"));
            }

            if (clock.Elapsed > settings.Timeout)
            {
                Console.Error.WriteLine($"run {runIndex}: timed out with {statuses.GetValueOrDefault("Pending")} pending");
                break;
            }
        }
        while (statuses.GetValueOrDefault("Pending") > 0);

        var drain = clock.Elapsed.TotalSeconds;
        var end = (Server: await database.CountersAsync(settings.PostmasterPid), Jobs: JobsCpu(jobs), Driver: DriverCpu(), Sent: statuses.GetValueOrDefault("Sent"));
        var peakMb = jobs.Max(j => j.PeakWorkingSetBytes) / 1024.0 / 1024.0;
        await Task.WhenAll(jobs.Select(j => j.StopAsync()));

        var window = await database.SendWindowSecondsAsync();
        var check = await CheckAsync(database, prefix, settings.Count);
        var rate = settings.Count / Math.Max(window, 0.001);
        var profile = "–";
        var perMessage = "–";
        var commits = "–";
        var walSyncs = "–";
        if (start is { } s && end.Sent > s.Sent)
        {
            var messages = (double)(end.Sent - s.Sent);
            var dispatch = end.Server.Statements.Where(x => !x.Key.Contains("hangfire", StringComparison.OrdinalIgnoreCase)).Sum(x => x.Value.Calls) / messages;
            var hangfire = end.Server.Statements.Where(x => x.Key.Contains("hangfire", StringComparison.OrdinalIgnoreCase)).Sum(x => x.Value.Calls) / messages;
            perMessage = end.Server.Statements.Count == 0 ? "–" : $"{dispatch:F2} + {hangfire:F2}";
            commits = $"{(end.Server.Commits - s.Server.Commits) / messages:F2}";
            walSyncs = $"{(end.Server.WalSyncs - s.Server.WalSyncs) / messages:F2}";
            profile = $"{(end.Jobs - s.Jobs).TotalMilliseconds / messages:F2}, {(end.Server.Cpu - s.Server.Cpu).TotalMilliseconds / messages:F2}, {(end.Driver - s.Driver).TotalMilliseconds / messages:F2}";
            profiles.AppendLine();
            profiles.AppendLine($"- {build.Label}, {processes} Jobs process(es), {messages:N0} messages:");
            foreach (var (query, (calls, ms)) in end.Server.Statements.OrderByDescending(x => x.Value.Calls).Take(12))
            {
                profiles.AppendLine(CultureInfo.InvariantCulture, $"  - {calls / messages:F3} × `{query.Replace('`', '\'')}` ({ms / Math.Max(calls, 1):F3} ms)");
            }
        }

        Console.Error.WriteLine($"run {runIndex}: drained in {drain:F1} s; {check.Summary}");
        return ($"| {build.Label} | {processes} | {settings.Count:N0} | {window:F1} | {rate:N0} |", rate,
            $" {rate / rawRate:F2} | {check.Duplicates}{check.Verdict} | {check.Lost} | {check.InDoubt} | {perMessage} | {commits} | {walSyncs} | {profile} | {peakMb:F0} |");
    }
    finally
    {
        await Task.WhenAll(jobs.Select(j => j.StopAsync()));
    }
}

async Task<string> LatencyAsync(Build build, int runIndex)
{
    await using var database = await Database.CreateAsync(settings.Postgres, $"bench_dispatch_{runIndex}");
    var prefix = $"ol{runIndex}-";
    const int warmUp = 10;
    var total = settings.Trickle + warmUp;
    await database.SeedAsync(prefix, total, 0, Template);
    await GrantAsync(Enumerable.Range(1, total).Select(i => $"{prefix}{i:D6}"), 1);
    var workerIds = new List<(Guid Id, string OpenId)>();
    await using (var connection = new NpgsqlConnection(database.ConnectionString))
    {
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand("""SELECT "Id", "OpenId" FROM "Workers" ORDER BY "OpenId" """, connection).ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            workerIds.Add((reader.GetGuid(0), reader.GetString(1)));
        }
    }

    // The app's own commit path: AppDbContext with the interceptor that enqueues a dispatch on Hangfire's PostgreSQL storage.
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Default"] = database.ConnectionString,
        ["Jobs:Store"] = "Postgres",
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
    services.AddSingleton<IConfiguration>(configuration);
    services.AddSingleton(TimeProvider.System);
    services.AddAppDatabase(configuration, AppContext.BaseDirectory);
    services.AddChangaiJobs(configuration, runServer: false, services.AddHealthChecks());
#pragma warning disable ASP0000 // a provider of the app's registrations inside a console tool
    await using var app = services.BuildServiceProvider();
#pragma warning restore ASP0000

    Console.Error.WriteLine($"run {runIndex} ({build.Label}): latency, {settings.Trickle} notifications one by one");
    var jobs = StartJobs(build, database, runIndex, 1, "*/10 * * * * *");
    var committed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    try
    {
        await database.ServersUpAsync(1, () => jobs.Any(j => j.HasExited));
        for (var i = 0; i < total; i++)
        {
            var (workerId, openId) = workerIds[i];
            await using (var scope = app.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var body = $"{openId}-L";
                db.Enqueue(DateTime.UtcNow, Outbox.WorkerRecipient, workerId, "bench.notice", workerId, "latency", "云南省总工会通知", body, null,
                    new Dictionary<string, string> { ["status"] = "已通过" });
                await db.SaveChangesAsync();
                committed[body] = DateTimeOffset.UtcNow;
            }

            await Task.Delay(settings.TrickleIntervalMs);
            if (i == warmUp - 1)
            {
                // The first few warm the Jobs process up (code compiled, connections open, token fetched); they are not
                // counted, and the measured ones start once they have all gone out.
                var warming = Stopwatch.StartNew();
                while ((await database.StatusesAsync()).GetValueOrDefault("Pending") > 0 && warming.Elapsed < TimeSpan.FromMinutes(2))
                {
                    await Task.Delay(250);
                }

                await Task.Delay(2000);
            }
        }

        var clock = Stopwatch.StartNew();
        while ((await database.StatusesAsync()).GetValueOrDefault("Pending") > 0 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(250);
        }
    }
    finally
    {
        await Task.WhenAll(jobs.Select(j => j.StopAsync()));
        if (Environment.GetEnvironmentVariable("BENCH_JOBS_LOG") == "1")
        {
            Console.Error.WriteLine(string.Join("\n", jobs.Select(j => j.Tail())));
        }
    }

    var messages = (await http.GetFromJsonAsync<JsonArray>("dev/messages"))!
        .Where(m => ((string)m!["openid"]!).StartsWith(prefix, StringComparison.Ordinal))
        .Select(m => (Body: (string)m!["data"]!["thing4"]!, At: DateTimeOffset.Parse((string)m["receivedAt"]!, culture)))
        .ToList();
    var counted = workerIds.Skip(warmUp).Select(w => $"{w.OpenId}-L").ToHashSet(StringComparer.Ordinal);
    var latencies = messages.Where(m => counted.Contains(m.Body)).Select(m => (m.At - committed[m.Body]).TotalMilliseconds).Order().ToList();
    var duplicates = messages.Count - messages.Select(m => m.Body).Distinct().Count();
    var lost = counted.Count - latencies.Count;
    double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
    var verdict = duplicates == 0 && lost == 0 ? "" : " FAIL";
    Console.Error.WriteLine($"run {runIndex}: {latencies.Count} delivered, p50 {Percentile(0.5):F0} ms, p99 {Percentile(0.99):F0} ms");
    return $"| {build.Label} | {latencies.Count} | {Percentile(0.5):F0} | {Percentile(0.9):F0} | {Percentile(0.99):F0} | {Percentile(1):F0} | {latencies.Count(l => l > 1000)} | {duplicates}{verdict} | {lost} |";
}

async Task<string> KillAsync(Build build, int runIndex)
{
    await using var database = await Database.CreateAsync(settings.Postgres, $"bench_dispatch_{runIndex}");
    var prefix = $"ok{runIndex}-";
    await database.SeedAsync(prefix, settings.KillCount, 1, Template);
    await GrantAsync(Enumerable.Range(1, settings.KillCount).Select(i => $"{prefix}{i:D6}"), 1);
    Console.Error.WriteLine($"run {runIndex} ({build.Label}): {settings.KillCount} notifications, two Jobs processes, one to be killed");
    var jobs = StartJobs(build, database, runIndex, 2, settings.DispatchCron, settings.LeaseSeconds);
    try
    {
        await database.ServersUpAsync(2, () => jobs.Any(j => j.HasExited));
        await database.ReleaseAsync();
        while ((await database.StatusesAsync()).GetValueOrDefault("Sent") < settings.KillCount / 4)
        {
            await Task.Delay(100);
        }

        jobs[0].Kill();
        var clock = Stopwatch.StartNew();
        var leased = await database.LeasedAsync();
        TimeSpan? takenOver = null;
        while ((await database.StatusesAsync()).GetValueOrDefault("Pending") > 0 && clock.Elapsed < settings.Timeout)
        {
            if (takenOver is null && await database.StillPendingAsync(leased) == 0)
            {
                takenOver = clock.Elapsed;
            }

            await Task.Delay(250);
        }

        var drained = clock.Elapsed;
        takenOver ??= drained;
        await jobs[1].StopAsync();
        var check = await CheckAsync(database, prefix, settings.KillCount);
        Console.Error.WriteLine($"run {runIndex}: {leased.Count} leased at the kill, taken over after {takenOver.Value.TotalSeconds:F1} s, drained after {drained.TotalSeconds:F1} s; {check.Summary}");
        return $"| {build.Label} | {settings.KillCount:N0} | {leased.Count} | {takenOver.Value.TotalSeconds:F1} | {drained.TotalSeconds:F1} | {check.Sent:N0} | {check.InDoubt} ({check.InDoubtReceived}) | {check.Duplicates}{check.Verdict} | {check.Lost} |";
    }
    finally
    {
        await Task.WhenAll(jobs.Select(j => j.StopAsync()));
    }
}

// Every message the simulator received for this run against the outbox: a duplicate is a second message with the same body;
// a loss is a notification neither received nor accounted for as in doubt.
async Task<Check> CheckAsync(Database database, string prefix, int expected)
{
    var received = (await http.GetFromJsonAsync<JsonArray>("dev/messages"))!
        .Where(m => ((string)m!["openid"]!).StartsWith(prefix, StringComparison.Ordinal))
        .Select(m => (string)m!["data"]!["thing4"]!)
        .ToList();
    var distinct = received.ToHashSet(StringComparer.Ordinal);
    var outcomes = await database.OutcomesAsync();
    var inDoubt = outcomes.Where(o => o.Outcome == "Failed:" + NotificationDispatcher.InDoubt).ToList();
    var sent = outcomes.Count(o => o.Outcome == "Sent");
    var lost = outcomes.Count(o => !distinct.Contains(o.Body) && o.Outcome != "Failed:" + NotificationDispatcher.InDoubt);
    var duplicates = received.Count - distinct.Count;
    var breakdown = string.Join(", ", outcomes.GroupBy(o => o.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
    var ok = duplicates == 0 && lost == 0 && outcomes.Count == expected && sent + inDoubt.Count == expected;
    return new Check(sent, inDoubt.Count, inDoubt.Count(o => distinct.Contains(o.Body)), duplicates, lost, ok ? "" : " FAIL",
        $"{breakdown}; simulator received {received.Count} ({distinct.Count} distinct)");
}

TimeSpan JobsCpu(List<JobsProcess> jobs) => jobs.Aggregate(TimeSpan.Zero, (sum, j) => sum + j.CpuTime);

static TimeSpan DriverCpu()
{
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime;
}

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

// pgbench single-row INSERT, as the topology benchmark runs it: the physical baseline of a write on this server.
async Task<double> PgbenchAsync(string when)
{
    if (settings.Pgbench is null)
    {
        return 0;
    }

    var target = new NpgsqlConnectionStringBuilder(settings.Postgres);
    await using (var connection = new NpgsqlConnection(settings.Postgres))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, campaign_id uuid NOT NULL, worker_id uuid NOT NULL, score int NOT NULL, at timestamptz NOT NULL)", connection).ExecuteNonQueryAsync();
    }

    var script = Path.GetTempFileName();
    await File.WriteAllTextAsync(script, "INSERT INTO bench_insert (campaign_id, worker_id, score, at) VALUES (gen_random_uuid(), gen_random_uuid(), 90, now());\n");
    var start = new ProcessStartInfo(settings.Pgbench)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        ArgumentList =
        {
            "-n", "-h", target.Host!, "-p", target.Port.ToString(culture), "-U", target.Username!, "-c", settings.PgbenchClients.ToString(culture), "-j", "2",
            "-T", settings.PgbenchSeconds.ToString(culture), "-f", script, target.Database!,
        },
    };
    using var pgbenchProcess = Process.Start(start)!;
    var output = await pgbenchProcess.StandardOutput.ReadToEndAsync();
    await pgbenchProcess.WaitForExitAsync();
    File.Delete(script);
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps", StringComparison.Ordinal));
    var tps = line is null ? 0 : double.Parse(line.Split(' ')[2], culture);
    Console.Error.WriteLine($"pgbench {when}: {tps:F0} single-row INSERTs/s");
    return tps;
}

async Task GrantAsync(IEnumerable<string> openIds, int count) =>
    await Parallel.ForEachAsync(openIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (openId, ct) =>
        (await http.PostAsJsonAsync("dev/subscriptions", new { openid = openId, templateId = Template, count }, ct)).EnsureSuccessStatusCode());

internal sealed record Check(long Sent, int InDoubt, int InDoubtReceived, int Duplicates, int Lost, string Verdict, string Summary);
