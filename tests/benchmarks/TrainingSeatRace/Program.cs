using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// The 500-for-50 burst against a running API (Development settings: demo officers, WeChat simulator) on PostgreSQL:
// N workers with complete profiles enrol in one session of S seats at the same moment, R times (a fresh session each
// round). Prints requests per second (N ÷ time from release to the last answer) and latency percentiles per round, and
// checks every round gave exactly S seats and waitlist places 1..N−S with no error answers.
var options = Args.Parse(args);
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
var http = new HttpClient(handler) { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };

Console.WriteLine($"API {options.BaseUrl}: {options.Workers} workers, {options.Seats} seats, {options.Rounds} rounds");
var officerToken = await Api.OfficerTokenAsync(http, "km.guandu");
// One warm-up session, one per measured round, and ten for the control burst.
var sessions = await Api.CourseWithSessionsAsync(http, officerToken, 1 + options.Rounds + Control.Sessions, options.Seats);

var setup = Stopwatch.StartNew();
var tokens = new string[options.Workers];
await Parallel.ForEachAsync(Enumerable.Range(0, options.Workers), new ParallelOptions { MaxDegreeOfParallelism = 16 },
    async (i, ct) => tokens[i] = await Api.IdentifiedWorkerAsync(http, i));
Console.WriteLine($"{options.Workers} workers logged in with complete profiles in {setup.Elapsed.TotalSeconds:F1} s");

var warmUp = await Burst.RunAsync(http, _ => sessions[0], tokens, options.Seats, "warm-up");
Console.WriteLine(warmUp + " (opens the connections, JIT; not counted)");
var rounds = new List<Round>();
var cpuBefore = CpuTicks.Read();
for (var r = 1; r <= options.Rounds; r++)
{
    var sessionId = sessions[r];
    var round = await Burst.RunAsync(http, _ => sessionId, tokens, options.Seats, $"round {r}");
    rounds.Add(round);
    Console.WriteLine(round);
    if (!round.Correct)
    {
        Console.Error.WriteLine("WRONG RESULT: " + round.Problem);
        return 1;
    }
}

var cpuAfter = CpuTicks.Read();
if (cpuBefore is not null && cpuAfter is not null)
{
    var enrolments = rounds.Sum(r => r.Requests);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU per enrolment over the measured rounds: API {(cpuAfter.Value.Api - cpuBefore.Value.Api) * 10.0 / enrolments:F2} ms, PostgreSQL {(cpuAfter.Value.Pg - cpuBefore.Value.Pg) * 10.0 / enrolments:F2} ms"));
}

// The same burst spread over ten sessions: how much of the time is the one session's row lock.
var spread = sessions.Skip(1 + options.Rounds).ToList();
var control = await Burst.RunAsync(http, i => spread[i % spread.Count], tokens, options.Seats * options.Workers, "control");
Console.WriteLine(control + $" — the same {options.Workers} requests spread over {spread.Count} sessions, no waitlist");

Console.WriteLine();
Console.WriteLine($"median of {rounds.Count} rounds: {Median(rounds.Select(r => r.RequestsPerSecond)):F0} req/s, "
    + $"p50 {Median(rounds.Select(r => r.P50)):F0} ms, p99 {Median(rounds.Select(r => r.P99)):F0} ms (best round p99 {rounds.Min(r => r.P99):F0} ms, worst {rounds.Max(r => r.P99):F0} ms)");
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>
/// CPU ticks (1/100 s) spent so far by the API and by PostgreSQL, printed as "api pg" by the command in CPU_TICKS_CMD
/// (the script sets it; null without it).
/// </summary>
internal static class CpuTicks
{
    public static (long Api, long Pg)? Read()
    {
        var command = Environment.GetEnvironmentVariable("CPU_TICKS_CMD");
        if (string.IsNullOrEmpty(command))
        {
            return null;
        }

        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return (long.Parse(output[0], CultureInfo.InvariantCulture), long.Parse(output[1], CultureInfo.InvariantCulture));
    }
}

internal sealed record Options(string BaseUrl, int Workers, int Seats, int Rounds);

internal static class Args
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        return new Options(Value("--base", "http://127.0.0.1:15181"), int.Parse(Value("--workers", "500"), CultureInfo.InvariantCulture),
            int.Parse(Value("--seats", "50"), CultureInfo.InvariantCulture), int.Parse(Value("--rounds", "5"), CultureInfo.InvariantCulture));
    }
}

internal sealed record Round(string Name, int Requests, double Seconds, double RequestsPerSecond, double P50, double P95, double P99, double Max, bool Correct, string? Problem)
{
    public override string ToString() =>
        $"{Name}: {Requests} enrolments in {Seconds * 1000:F0} ms = {RequestsPerSecond:F0} req/s; latency p50 {P50:F0} ms, p95 {P95:F0} ms, p99 {P99:F0} ms, max {Max:F0} ms; {(Correct ? "correct" : "WRONG")}";
}

internal static class Control
{
    public const int Sessions = 10;
}

internal static class Burst
{
    /// <param name="seats">Seats expected in total: the rest must be waitlisted 1..n without gaps (checked when all went to one session).</param>
    public static async Task<Round> RunAsync(HttpClient http, Func<int, Guid> sessionOf, string[] tokens, int seats, string name)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = Stopwatch.StartNew();
        var requests = tokens.Select(async (token, i) =>
        {
            await gate.Task;
            var watch = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/training/sessions/{sessionOf(i)}/enrollments");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: body, Ms: watch.Elapsed.TotalMilliseconds, DoneAt: released.Elapsed.TotalSeconds);
        }).ToList();
        released.Restart();
        gate.SetResult();
        var results = await Task.WhenAll(requests);
        var seconds = results.Max(r => r.DoneAt);

        var latencies = results.Select(r => r.Ms).Order().ToArray();
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        string? problem = null;
        var errors = results.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        if (errors.Count > 0)
        {
            problem = $"{errors.Count} error answers, e.g. {(int)errors[0].StatusCode} {errors[0].Body}";
        }
        else
        {
            var answers = results.Select(r => JsonNode.Parse(r.Body)!).ToList();
            var confirmed = answers.Count(a => (string?)a["status"] == "confirmed");
            var positions = answers.Where(a => (string?)a["status"] == "waitlisted").Select(a => (int)a["waitlistPosition"]!).Order().ToList();
            var expectedSeats = Math.Min(seats, tokens.Length);
            if (confirmed != expectedSeats || !positions.SequenceEqual(Enumerable.Range(1, tokens.Length - expectedSeats)))
            {
                problem = $"{confirmed} confirmed, waitlist positions {positions.FirstOrDefault()}..{positions.LastOrDefault()} ({positions.Distinct().Count()} distinct)";
            }
        }

        return new Round(name, results.Length, seconds, results.Length / seconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), latencies[^1],
            problem is null, problem);
    }
}

internal static class Api
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static async Task<string> OfficerTokenAsync(HttpClient http, string username)
    {
        var login = await Expect(await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password = "Demo@2026yn" }), HttpStatusCode.OK);
        return (string)login["accessToken"]!;
    }

    /// <summary>One published course with a session per round, all starting in three days.</summary>
    public static async Task<List<Guid>> CourseWithSessionsAsync(HttpClient http, string officer, int rounds, int seats)
    {
        var course = await Send(http, officer, HttpMethod.Post, "/api/officer/training/courses", new
        {
            title = "焊工技能提升（压测）" + Random.Shared.Next(1000, 9999), category = "skillUpgrade", occupation = "焊工", provider = "压测",
            description = "seat-race benchmark", membersOnly = false,
        }, HttpStatusCode.Created);
        var courseId = (string)course["id"]!;
        var sessions = new List<Guid>();
        var start = DateTimeOffset.UtcNow.AddDays(3);
        for (var i = 0; i < rounds; i++)
        {
            var session = await Send(http, officer, HttpMethod.Post, $"/api/officer/training/courses/{courseId}/sessions", new
            {
                startsAt = start.AddHours(i), endsAt = start.AddHours(i + 1), address = "昆明市官渡区职工服务中心", capacity = seats,
            }, HttpStatusCode.Created);
            sessions.Add(Guid.Parse((string)session["id"]!));
        }

        await Send(http, officer, HttpMethod.Post, $"/api/officer/training/courses/{courseId}/publish", null, HttpStatusCode.OK);
        return sessions;
    }

    /// <summary>Logs a new worker in through the simulator and fills name, ID number and phone, as the mini-program does.</summary>
    public static async Task<string> IdentifiedWorkerAsync(HttpClient http, int i)
    {
        var code = await Expect(await http.PostAsJsonAsync("/wechat-sim/dev/login-code", new { }), HttpStatusCode.OK);
        var login = await Expect(await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! }), HttpStatusCode.OK);
        var token = (string)login["accessToken"]!;
        await Send(http, token, HttpMethod.Post, "/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }, HttpStatusCode.OK);
        await Send(http, token, HttpMethod.Put, "/api/me/profile", new
        {
            realName = "压测职工", idNumber = IdNumber(i), employer = "云南云内动力集团有限公司", industrySection = "C", occupation = "焊工",
            skillLevel = "level4", employmentForm = "labourContract", countyCode = "530111", isEcologicalMigrant = false,
        }, HttpStatusCode.OK);
        var phone = await Expect(await http.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = "137" + i.ToString("D8", CultureInfo.InvariantCulture) }), HttpStatusCode.OK);
        await Send(http, token, HttpMethod.Post, "/api/me/phone", new { code = (string)phone["code"]! }, HttpStatusCode.OK);
        return token;
    }

    private static string IdNumber(int i)
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(i % 9000);
        var body = "530111" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i % 1000).ToString("D3", CultureInfo.InvariantCulture);
        var sum = body.Select((c, k) => (c - '0') * Weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    private static async Task<JsonObject> Send(HttpClient http, string token, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Expect(await http.SendAsync(request), expected);
    }

    private static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) as JsonObject ?? [];
    }
}
