using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// The "one API process killed mid-load" scenario's client: every worker starts one more attempt and submits it, each
/// request with its own Idempotency-Key, retried with the same key on a lost answer or a 502/503/504 (what the
/// mini-program's request helper does) and after "相同的提交正在处理中" (409 idempotency.in_progress). The script kills an
/// API process while this runs. Afterwards the database must hold exactly one more submitted attempt per worker: none
/// lost, none counted twice, none left half-done.
/// </summary>
public static class RetrySubmits
{
    public static async Task<int> RunAsync(Args options)
    {
        using var http = Http.Client(options.Get("base"), options.Int("concurrency", 64) * 2);
        var campaign = options.Get("campaign");
        var tokens = (await File.ReadAllLinesAsync(options.Get("tokens"))).Where(t => t.Length > 0).Distinct().Take(options.Int("workers", int.MaxValue)).ToList();
        await using var connection = new NpgsqlConnection(options.Get("pg"));
        await connection.OpenAsync();
        var before = await CountsAsync(connection, campaign);

        var stats = new Stats();
        var latencies = new List<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        File.WriteAllText(options.Get("started-flag"), "started");
        await Task.WhenAll(Enumerable.Range(0, options.Int("concurrency", 64)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Count)
            {
                var started = Stopwatch.GetTimestamp();
                var attempt = await SendWithRetriesAsync(http, tokens[i], $"/api/quiz/campaigns/{campaign}/attempts", null, stats);
                if (attempt is null)
                {
                    continue;
                }

                var body = Scenarios.Answers(attempt).ToJsonString();
                if (await SendWithRetriesAsync(http, tokens[i], $"/api/quiz/attempts/{(string)attempt["id"]!}/submit", body, stats) is not null)
                {
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        })));
        var elapsed = clock.Elapsed;
        var after = await CountsAsync(connection, campaign);
        latencies.Sort();

        var expected = before.Submitted + tokens.Count;
        var lost = Math.Max(0, expected - after.Submitted);
        var doubled = Math.Max(0, after.Submitted - expected);
        var output = new StringBuilder();
        Http.Line(output, "RETRY_WORKERS", tokens.Count);
        Http.Line(output, "RETRY_REQUESTS", stats.Requests);
        Http.Line(output, "RETRY_RETRIED", stats.Retried);
        Http.Line(output, "RETRY_REPLAYED", stats.Replayed);
        Http.Line(output, "RETRY_IN_PROGRESS_WAITS", stats.InProgress);
        Http.Line(output, "RETRY_FAILED", stats.Failed);
        Http.Line(output, "RETRY_RPS", ((stats.Requests) / elapsed.TotalSeconds).ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        Http.Line(output, "RETRY_P50_MS", Http.Percentile(latencies, 0.50));
        Http.Line(output, "RETRY_P99_MS", Http.Percentile(latencies, 0.99));
        Http.Line(output, "RETRY_SUBMITTED_BEFORE", before.Submitted);
        Http.Line(output, "RETRY_SUBMITTED_AFTER", after.Submitted);
        Http.Line(output, "RETRY_LEFT_IN_PROGRESS", Math.Max(0, after.InProgress - before.InProgress)); // a start may resume an attempt left open earlier
        Http.Line(output, "RETRY_LOST", lost);
        Http.Line(output, "RETRY_DOUBLED", doubled);
        Http.Line(output, "RETRY_FIRST_ERROR", (stats.FirstError ?? "-").Replace('\n', ' ').Replace('"', '\''));
        await File.WriteAllTextAsync(options.Get("out"), output.ToString());
        Console.Error.Write(output);
        return lost == 0 && doubled == 0 && stats.Failed == 0 ? 0 : 1;
    }

    private static async Task<JsonObject?> SendWithRetriesAsync(HttpClient http, string token, string path, string? body, Stats stats)
    {
        var key = Guid.NewGuid().ToString("N");
        var give = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref stats.Retried);
            }

            Interlocked.Increment(ref stats.Requests);
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    if (response.Headers.Contains("Idempotent-Replayed"))
                    {
                        Interlocked.Increment(ref stats.Replayed);
                    }

                    return JsonNode.Parse(text)!.AsObject();
                }

                if (response.StatusCode == HttpStatusCode.Conflict && text.Contains("idempotency.in_progress", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref stats.InProgress);
                    await Task.Delay(1000);
                }
                else if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                {
                    await Task.Delay(200);
                }
                else
                {
                    stats.Fail($"{(int)response.StatusCode} {path}: {text[..Math.Min(300, text.Length)]}");
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }

            if (give.Elapsed > TimeSpan.FromMinutes(3))
            {
                stats.Fail($"gave up on {path} after 3 minutes");
                return null;
            }
        }
    }

    private static async Task<(long Submitted, long InProgress)> CountsAsync(NpgsqlConnection connection, string campaign)
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE "SubmittedAt" IS NOT NULL), count(*) FILTER (WHERE "SubmittedAt" IS NULL AND "Status" = 'InProgress')
            FROM "QuizAttempts" WHERE "CampaignId" = @campaign
            """, connection);
        command.Parameters.AddWithValue("campaign", Guid.Parse(campaign));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed class Stats
    {
        public int Requests;
        public int Retried;
        public int Replayed;
        public int InProgress;
        public int Failed;
        public string? FirstError;

        public void Fail(string error)
        {
            Interlocked.Increment(ref Failed);
            Interlocked.CompareExchange(ref FirstError, error, null);
        }
    }
}
