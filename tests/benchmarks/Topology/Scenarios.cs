using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// Inputs of the wrk scenarios, made through the public API as officers and workers would: login codes for seeded
/// workers, a province-wide prize campaign, a training session with fewer seats than applicants, officer tokens; and,
/// after the start burst, the submit bodies of every started attempt (fetched as the mini-program fetches its paper).
/// </summary>
public static class Scenarios
{
    public static async Task<int> PrepareAsync(Args options)
    {
        var dir = options.Get("out");
        Directory.CreateDirectory(dir);
        using var http = Http.Client(options.Get("base"), 64);
        using var sim = Http.Client(options.Get("sim"), 64);
        var logins = options.Int("login-workers", 10_000);
        var seats = options.Int("seats", 50);

        // Login codes for seeded workers (the simulator issues single-use codes, as WeChat does): issued last, since they
        // expire after five minutes and a busy machine can take minutes over the rest (topology.sh issues them again
        // right before the login burst with the `codes` command).

        var province = await Http.OfficerTokenAsync(http, "yn.sheng");
        var county = await Http.OfficerTokenAsync(http, "km.guandu");
        var kunming = await Http.OfficerTokenAsync(http, "km.shi");

        await using var provider = Database.Provider(options);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var prefectures = await db.Unions.Where(u => u.Kind == UnionKind.Prefecture).Select(u => u.Code).ToListAsync();
        var countyUnion = await db.Unions.Where(u => u.Code == "530111").Select(u => new { u.Id, u.Path }).SingleAsync();
        var inCounty = await db.MembershipApplications.CountAsync(a => a.Status == Changai.Domain.Membership.ApplicationStatus.Submitted
            && db.Unions.Any(u => u.Id == a.UnionId && u.Path.StartsWith(countyUnion.Path)));

        var campaign = await Http.SendAsync(http, province, HttpMethod.Post, "/api/officer/quiz/campaigns", new
        {
            title = "产改知识 50 问全省有奖竞答（压测）", startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddDays(7),
            audienceRegions = prefectures, questionsPerAttempt = 10, timeLimitSeconds = 600, attemptsPerDay = 3, attemptsTotal = 30,
            scoring = "best", prizeKind = "drawAmongPerfect", prizeCount = 100,
        });
        var campaignId = (string)campaign["id"]!;
        await Http.SendAsync(http, province, HttpMethod.Post, $"/api/officer/quiz/campaigns/{campaignId}/publish", null);

        var course = await Http.SendAsync(http, kunming, HttpMethod.Post, "/api/officer/training/courses", new
        {
            title = "焊工（四级）技能提升培训（压测）", category = "skillUpgrade", occupation = "焊工", provider = "昆明市职工技能培训中心",
            description = "拓扑压测：报名人数远多于名额", membersOnly = false,
        });
        var courseId = (string)course["id"]!;
        var starts = DateTimeOffset.UtcNow.AddDays(3);
        var session = await Http.SendAsync(http, kunming, HttpMethod.Post, $"/api/officer/training/courses/{courseId}/sessions", new
        {
            startsAt = starts, endsAt = starts.AddHours(4), address = "昆明市官渡区职工服务中心", capacity = seats,
        });
        await Http.SendAsync(http, kunming, HttpMethod.Post, $"/api/officer/training/courses/{courseId}/publish", null);

        await WriteCodesAsync(sim, dir, logins);
        await File.WriteAllTextAsync(Path.Combine(dir, "officer-county.txt"), county);
        await File.WriteAllTextAsync(Path.Combine(dir, "officer-province.txt"), province);
        await File.WriteAllLinesAsync(Path.Combine(dir, "prepare.env"), [
            $"CAMPAIGN={campaignId}", $"SESSION={(string)session["id"]!}", $"COURSE={courseId}", $"SEATS={seats}",
            $"COUNTY_UNION={countyUnion.Id}", $"COUNTY_QUEUE={inCounty}", $"LOGIN_CODES={logins}",
        ]);
        Console.Error.WriteLine($"prepare: {logins:N0} login codes, campaign {campaignId}, session with {seats} seats, {inCounty:N0} applications waiting in 官渡区's subtree");
        return 0;
    }

    /// <summary>Fresh login codes for the first <c>--login-workers</c> seeded workers, into <c>--out</c>/codes.txt.</summary>
    public static async Task<int> CodesAsync(Args options)
    {
        using var sim = Http.Client(options.Get("sim"), 64);
        await WriteCodesAsync(sim, options.Get("out"), options.Int("login-workers", 10_000));
        return 0;
    }

    private static async Task WriteCodesAsync(HttpClient sim, string dir, int logins)
    {
        var codes = new string[logins];
        await Parallel.ForAsync(0, logins, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var code = await Http.Json(await sim.PostAsJsonAsync("/wechat-sim/dev/login-code", new { openid = Seeder.OpenId(i) }, ct));
            codes[i] = (string)code["code"]!;
        });
        await File.WriteAllLinesAsync(Path.Combine(dir, "codes.txt"), codes);
    }

    /// <summary>
    /// For every token (one worker each) with an attempt in progress in the campaign: fetch the paper and write one line
    /// "attemptId token body" with answers picked at random, for the wrk submit burst.
    /// </summary>
    public static async Task<int> SubmitsAsync(Args options)
    {
        using var http = Http.Client(options.Get("base"), 64);
        var campaign = options.Get("campaign");
        var tokens = (await File.ReadAllLinesAsync(options.Get("tokens"))).Where(t => t.Length > 0).Distinct().ToList();
        var lines = new List<string>();
        var missing = 0;
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (token, ct) =>
        {
            var mine = await Http.GetAsync(http, token, $"/api/quiz/campaigns/{campaign}");
            var attemptId = (string?)mine["me"]?["inProgressAttemptId"];
            if (attemptId is null)
            {
                Interlocked.Increment(ref missing);
                return;
            }

            var paper = await Http.GetAsync(http, token, $"/api/quiz/attempts/{attemptId}");
            var body = Answers(paper).ToJsonString();
            lock (lines)
            {
                lines.Add($"{attemptId} {token} {body}");
            }
        });
        await File.WriteAllLinesAsync(options.Get("out"), lines);
        Console.Error.WriteLine($"submits: {lines.Count:N0} papers fetched, {missing} workers without an attempt in progress");
        return 0;
    }

    public static JsonObject Answers(JsonObject paper)
    {
        var answers = new JsonArray();
        foreach (var question in paper["questions"]!.AsArray())
        {
            var options = question!["options"]!.AsArray();
            answers.Add(new JsonObject { ["questionId"] = (string)question["questionId"]!, ["optionIds"] = new JsonArray((string)options[Random.Shared.Next(options.Count)]!["id"]!) });
        }

        return new JsonObject { ["answers"] = answers };
    }
}

public static class Http
{
    public static HttpClient Client(string baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static async Task<string> OfficerTokenAsync(HttpClient http, string username) =>
        (string)(await Json(await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password = "Demo@2026yn" })))["accessToken"]!;

    public static async Task<JsonObject> SendAsync(HttpClient http, string token, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Json(await http.SendAsync(request));
    }

    public static Task<JsonObject> GetAsync(HttpClient http, string token, string path) => SendAsync(http, token, HttpMethod.Get, path, null);

    public static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {text[..Math.Min(text.Length, 300)]}");
            }

            return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        }
    }

    public static string Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? "-" : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].ToString("F1", CultureInfo.InvariantCulture);

    public static StringBuilder Line(StringBuilder sb, string key, object value) => sb.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
}
