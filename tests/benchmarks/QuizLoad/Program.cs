using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Drives a quiz campaign burst against a running API (tests/benchmarks/quiz-campaign-burst.sh starts everything):
//   1. creates N workers (WeChat simulator login + a profile placing them in Kunming), C at a time;
//   2. an organiser creates and publishes a campaign;
//   3. burst: all C virtual users at once, each worker starts an attempt and submits it (answers chosen at random),
//      each request with its own Idempotency-Key unless --idempotency 0;
//   4. leaderboard reads by C virtual users for a fixed time.
// Prints one line per phase (requests, errors, requests/s, p50/p99 in ms) and writes them as key=value to --out.
var options = Args.Parse(args);
var baseUri = new Uri(options.Get("base", "http://127.0.0.1:5180"));
var workers = int.Parse(options.Get("workers", "2000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.Get("concurrency", "64"), CultureInfo.InvariantCulture);
var readSeconds = int.Parse(options.Get("read-seconds", "20"), CultureInfo.InvariantCulture);
var output = options.Get("out", "quiz-load.env");
// As the mini-program does: every start and submit carries an Idempotency-Key (one per request; a retry would reuse it).
var idempotency = options.Get("idempotency", "1") is "1" or "true";
// CPU used by the API process and by PostgreSQL (postmaster and backends) during the burst, when their ids are given.
var apiPid = int.Parse(options.Get("api-pid", "0"), CultureInfo.InvariantCulture);
var pgPid = int.Parse(options.Get("pg-pid", "0"), CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUri,
    Timeout = TimeSpan.FromSeconds(60),
};
var results = new List<Phase>();

// 1. Workers.
var tokens = new string[workers];
var setup = await Phase.RunAsync("setup-workers", workers, concurrency, async i =>
{
    var code = await Json(await http.PostAsJsonAsync("/wechat-sim/dev/login-code", new { }));
    var login = await Json(await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! }));
    tokens[i] = (string)login["accessToken"]!;
    using var profile = new HttpRequestMessage(HttpMethod.Put, "/api/me/profile") { Content = JsonContent.Create(new { countyCode = "530111", isEcologicalMigrant = false }) };
    profile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
    (await http.SendAsync(profile)).EnsureSuccessStatusCode();
    return 3;
});
results.Add(setup);
if (setup.Errors > 0)
{
    Console.Error.WriteLine($"{setup.Errors} workers could not be set up; first error: {setup.FirstError}");
    return 1;
}

// 2. The campaign.
var officer = await Json(await http.PostAsJsonAsync("/api/auth/officer-login", new { username = "km.quiz", password = options.Get("officer-password", "Demo@2026yn") }));
var officerAuth = new AuthenticationHeaderValue("Bearer", (string)officer["accessToken"]!);
using var create = new HttpRequestMessage(HttpMethod.Post, "/api/officer/quiz/campaigns")
{
    Content = JsonContent.Create(new
    {
        title = "压测竞答 " + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture), startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        endsAt = DateTimeOffset.UtcNow.AddDays(1), audienceRegions = new[] { "5301" }, questionsPerAttempt = 10, timeLimitSeconds = 600, attemptsPerDay = 3,
        attemptsTotal = 30, scoring = "best", prizeKind = "drawAmongPerfect", prizeCount = 10,
    }),
};
create.Headers.Authorization = officerAuth;
var campaignId = (string)(await Json(await http.SendAsync(create)))["id"]!;
using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/officer/quiz/campaigns/{campaignId}/publish");
publish.Headers.Authorization = officerAuth;
(await http.SendAsync(publish)).EnsureSuccessStatusCode();
Console.WriteLine($"campaign {campaignId} published; {workers} workers ready");

// 3. Burst: start + submit for every worker, all virtual users released together.
var startLatencies = new Latencies();
var submitLatencies = new Latencies();
async Task<int> StartAndSubmit(int i)
{
    var clock = Stopwatch.StartNew();
    using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/quiz/campaigns/{campaignId}/attempts");
    start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
    if (idempotency)
    {
        start.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    }

    var attempt = await Json(await http.SendAsync(start));
    startLatencies.Add(clock.Elapsed);

    var answers = new JsonArray();
    foreach (var question in attempt["questions"]!.AsArray())
    {
        var options = question!["options"]!.AsArray();
        answers.Add(new JsonObject { ["questionId"] = (string)question["questionId"]!, ["optionIds"] = new JsonArray((string)options[Random.Shared.Next(options.Count)]!["id"]!) });
    }

    clock.Restart();
    using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/quiz/attempts/{(string)attempt["id"]!}/submit")
    {
        Content = JsonContent.Create(new JsonObject { ["answers"] = answers }),
    };
    submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
    if (idempotency)
    {
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    }

    await Json(await http.SendAsync(submit));
    submitLatencies.Add(clock.Elapsed);
    return 2;
}

// Warm-up: the first --warmup workers (default 5 %) start and submit before the measured burst, so it times compiled code.
var warmup = int.Parse(options.Get("warmup", (workers / 20).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
await Phase.RunAsync("warm-up", warmup, concurrency, StartAndSubmit);
startLatencies = new Latencies();
submitLatencies = new Latencies();
var (apiCpuBefore, pgCpuBefore) = (CpuTime.Of(apiPid), CpuTime.OfTree(pgPid));
var burst = await Phase.RunAsync("start+submit", workers - warmup, concurrency, i => StartAndSubmit(warmup + i));
var (apiCpu, pgCpu) = (CpuTime.Of(apiPid) - apiCpuBefore, CpuTime.OfTree(pgPid) - pgCpuBefore);
results.Add(burst);
results.Add(Phase.FromLatencies("start", startLatencies, burst.Elapsed));
results.Add(Phase.FromLatencies("submit", submitLatencies, burst.Elapsed));

// 4. Leaderboard reads for a fixed time.
var sample = await Json(await Get($"/api/quiz/campaigns/{campaignId}/leaderboard?top=20", tokens[0]));
Console.WriteLine($"leaderboard served from {(string)sample["source"]!}, {(int)sample["total"]!} ranked");
var until = DateTime.UtcNow.AddSeconds(readSeconds);
results.Add(await Phase.RunForAsync("leaderboard", concurrency, until, async i =>
    await Json(await Get($"/api/quiz/campaigns/{campaignId}/leaderboard?top=20", tokens[i % workers]))));

Console.WriteLine();
if (apiPid > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU per worker (one start + one submit) during the burst: API {apiCpu.TotalMilliseconds / (workers - warmup):0.00} ms, PostgreSQL {pgCpu.TotalMilliseconds / (workers - warmup):0.00} ms"));
}

Console.WriteLine($"{"phase",-16}{"requests",10}{"errors",8}{"req/s",10}{"p50 ms",9}{"p99 ms",9}");
foreach (var phase in results)
{
    Console.WriteLine(phase.Line());
}

await File.WriteAllLinesAsync(output, [
    $"CAMPAIGN={campaignId}", $"WORKERS={workers}", $"CONCURRENCY={concurrency}", $"LEADERBOARD_SOURCE={(string)sample["source"]!}",
    $"TOKEN={tokens[0]}", .. results.SelectMany(r => r.KeyValues()),
    string.Create(CultureInfo.InvariantCulture, $"API_CPU_MS_PER_WORKER={apiCpu.TotalMilliseconds / (workers - warmup):0.00}"),
    string.Create(CultureInfo.InvariantCulture, $"PG_CPU_MS_PER_WORKER={pgCpu.TotalMilliseconds / (workers - warmup):0.00}")]);
return results.Any(r => r.Errors > 0) ? 2 : 0;

async Task<HttpResponseMessage> Get(string path, string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return await http.SendAsync(request);
}

static async Task<JsonObject> Json(HttpResponseMessage response)
{
    using (response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: {text[..Math.Min(text.Length, 300)]}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}

/// <summary>Latencies of one kind of request, collected from many tasks.</summary>
internal sealed class Latencies
{
    private readonly List<double> values = [];

    public void Add(TimeSpan elapsed)
    {
        lock (values)
        {
            values.Add(elapsed.TotalMilliseconds);
        }
    }

    public IReadOnlyList<double> Sorted()
    {
        lock (values)
        {
            return [.. values.Order()];
        }
    }
}

/// <summary>A measured phase: how many requests, how many failed, over how long, and the latency of each unit of work.</summary>
internal sealed record Phase(string Name, int Requests, int Errors, TimeSpan Elapsed, IReadOnlyList<double> SortedMs, string? FirstError)
{
    public double Rps => Requests / Elapsed.TotalSeconds;

    public static async Task<Phase> RunAsync(string name, int items, int concurrency, Func<int, Task<int>> work)
    {
        var next = -1;
        var latencies = new Latencies();
        int requests = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    Interlocked.Add(ref requests, await work(i));
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })));
        return new Phase(name, requests, errors, clock.Elapsed, latencies.Sorted(), firstError);
    }

    public static async Task<Phase> RunForAsync(string name, int concurrency, DateTime until, Func<int, Task> work)
    {
        var latencies = new Latencies();
        int requests = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(user => Task.Run(async () =>
        {
            for (var n = 0; DateTime.UtcNow < until; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await work(user * 7919 + n);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }

                Interlocked.Increment(ref requests);
            }
        })));
        return new Phase(name, requests, errors, clock.Elapsed, latencies.Sorted(), firstError);
    }

    public static Phase FromLatencies(string name, Latencies latencies, TimeSpan elapsed)
    {
        var sorted = latencies.Sorted();
        return new Phase(name, sorted.Count, 0, elapsed, sorted, null);
    }

    public double Percentile(double p) => SortedMs.Count == 0 ? 0 : SortedMs[Math.Min(SortedMs.Count - 1, (int)Math.Ceiling(p * SortedMs.Count) - 1)];

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-16}{Requests,10}{Errors,8}{Rps,10:0.0}{Percentile(0.50),9:0.0}{Percentile(0.99),9:0.0}") + (FirstError is null ? "" : "  first error: " + FirstError);

    public IEnumerable<string> KeyValues()
    {
        var key = Name.ToUpperInvariant().Replace('+', '_').Replace('-', '_');
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"{key}_REQUESTS={Requests}"), string.Create(CultureInfo.InvariantCulture, $"{key}_ERRORS={Errors}"),
            string.Create(CultureInfo.InvariantCulture, $"{key}_RPS={Rps:0.0}"), string.Create(CultureInfo.InvariantCulture, $"{key}_P50_MS={Percentile(0.50):0.0}"),
            string.Create(CultureInfo.InvariantCulture, $"{key}_P99_MS={Percentile(0.99):0.0}"),
        ];
    }
}

/// <summary>User + system CPU time of a process (and of the children it reaped), and of its live children, from /proc.</summary>
internal static class CpuTime
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Of(int pid, bool withReaped = false)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return TimeSpan.Zero;
        }

        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' '); // fields from the state (3rd) on
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (withReaped)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>PostgreSQL: the postmaster, the backends it has reaped and the ones still running.</summary>
    public static TimeSpan OfTree(int pid)
    {
        if (pid <= 0)
        {
            return TimeSpan.Zero;
        }

        var total = Of(pid, withReaped: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var child) && ParentOf(child) == pid)
            {
                total += Of(child);
            }
        }

        return total;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
