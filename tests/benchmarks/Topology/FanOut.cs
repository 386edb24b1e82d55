using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// Reminder fan-out: N due notifications to N seeded workers, each holding one subscription credit (in our database and
/// in the simulator, as after a tap on "允许"). The two Jobs processes deliver them while the script injects faults;
/// the check compares every message the simulator received with the outbox: duplicates (same notification twice) and
/// losses (a notification neither delivered nor accounted for) must both be zero.
/// </summary>
public static class FanOut
{
    private const string Kind = "membership.approved";
    private const string Template = "sim-tmpl-review-result";

    public static async Task<int> SeedAsync(Args options)
    {
        var count = options.Int("count", 100_000);
        var round = options.Get("round");
        using var sim = Http.Client(options.Get("sim"), 32);
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(options.Get("pg"));
        await connection.OpenAsync();
        var openIds = new List<string>(count);
        await using (var read = new NpgsqlCommand("""SELECT "OpenId" FROM "Workers" WHERE "OpenId" LIKE 'otopo%' ORDER BY "OpenId" DESC LIMIT @n""", connection))
        {
            read.Parameters.AddWithValue("n", count);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                openIds.Add(reader.GetString(0));
            }
        }

        await Parallel.ForEachAsync(openIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (openId, ct) =>
            (await sim.PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = openId, templateId = Template, count = 1 }, ct)).EnsureSuccessStatusCode());

        // Created not yet due: the dispatch starts when the script says so (fanout-release), with every Jobs process up.
        await using var seed = new NpgsqlCommand("""
            CREATE TEMP TABLE fan AS SELECT w."Id", row_number() OVER (ORDER BY w."OpenId") AS n FROM "Workers" w WHERE w."OpenId" = ANY(@openids);
            INSERT INTO "SubscriptionCredits" ("Id", "RecipientType", "RecipientId", "TemplateId", "Credits", "UpdatedAt")
            SELECT gen_random_uuid(), 'worker', "Id", @template, 1, now() FROM fan
            ON CONFLICT ("RecipientType", "RecipientId", "TemplateId") DO UPDATE SET "Credits" = "SubscriptionCredits"."Credits" + 1;
            INSERT INTO "Notifications" ("Id", "RecipientType", "RecipientId", "Kind", "Title", "Body", "DataJson", "DedupKey",
                "CreatedAt", "DueAt", "DeliveryStatus", "NextAttemptAt", "Attempts")
            SELECT gen_random_uuid(), 'worker', "Id", @kind, '云南省总工会', @prefix || lpad(n::text, 7, '0'), '{"status":"已通过"}',
                @dedup || "Id", now(), now(), 'Pending', now() + interval '10 years', 0
            FROM fan;
            """, connection);
        seed.Parameters.AddWithValue("openids", openIds.ToArray());
        seed.Parameters.AddWithValue("template", Template);
        seed.Parameters.AddWithValue("kind", Kind);
        seed.Parameters.AddWithValue("prefix", $"F{round}-");
        seed.Parameters.AddWithValue("dedup", $"topo.fanout.{round}:");
        await seed.ExecuteNonQueryAsync();
        Console.Error.WriteLine($"fan-out: {openIds.Count:N0} notifications queued (not yet due), credits granted, {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>Makes the queued fan-out due now; prints nothing.</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, string round)
    {
        await using var release = new NpgsqlCommand("""UPDATE "Notifications" SET "NextAttemptAt" = now() WHERE "DedupKey" LIKE @dedup AND "DeliveryStatus" = 'Pending'""", connection);
        release.Parameters.AddWithValue("dedup", $"topo.fanout.{round}:%");
        await release.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// --release true makes the queue due and returns at once; otherwise waits (polling through PostgreSQL outages) until
    /// nothing of the fan-out is pending, then compares the simulator's messages with the outbox.
    /// </summary>
    public static async Task<int> CheckAsync(Args options)
    {
        var pg = options.Get("pg");
        var round = options.Get("round");
        var prefix = $"F{round}-";
        var dedup = $"topo.fanout.{round}:%";
        var key = options.Get("key", "FANOUT");
        if (options.Get("release", "false") == "true")
        {
            await using var connection = new NpgsqlConnection(pg);
            await connection.OpenAsync();
            await ReleaseAsync(connection, round);
            return 0;
        }

        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 900));
        var clock = Stopwatch.StartNew();
        Dictionary<string, long> statuses = [];
        while (true)
        {
            try
            {
                statuses = await StatusesAsync(pg, dedup);
                if (statuses.GetValueOrDefault("Pending") == 0)
                {
                    break;
                }
            }
            catch (NpgsqlException)
            {
                // PostgreSQL is being restarted by the fault scenario: keep waiting.
            }

            if (clock.Elapsed > timeout)
            {
                Console.Error.WriteLine("fan-out: timed out with " + statuses.GetValueOrDefault("Pending") + " pending");
                break;
            }

            await Task.Delay(500);
        }

        using var sim = Http.Client(options.Get("sim"), 4);
        var messages = (await sim.GetFromJsonAsync<JsonArray>("/wechat-sim/dev/messages"))!
            .Select(m => (string?)m!["data"]?["thing4"] ?? "")
            .Where(body => body.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        var received = messages.ToHashSet();
        var expected = await BodiesAsync(pg, dedup);
        var duplicates = messages.Count - received.Count;
        var inDoubt = expected.Where(e => e.Status == "Failed" && e.Error == "in_doubt").ToList();
        var lost = expected.Count(e => !received.Contains(e.Body) && !(e.Status == "Failed" && e.Error == "in_doubt"));
        var sentNotRecorded = expected.Count(e => received.Contains(e.Body) && e.Status != "Sent");
        var output = new StringBuilder();
        Http.Line(output, key + "_QUEUED", expected.Count);
        Http.Line(output, key + "_STATUSES", string.Join(",", statuses.Select(s => $"{s.Key}:{s.Value}")));
        Http.Line(output, key + "_RECEIVED", messages.Count);
        Http.Line(output, key + "_DISTINCT", received.Count);
        Http.Line(output, key + "_DUPLICATES", duplicates);
        Http.Line(output, key + "_IN_DOUBT", inDoubt.Count);
        Http.Line(output, key + "_IN_DOUBT_RECEIVED", inDoubt.Count(e => received.Contains(e.Body)));
        Http.Line(output, key + "_LOST", lost);
        Http.Line(output, key + "_RECEIVED_NOT_MARKED_SENT", sentNotRecorded);
        Http.Line(output, key + "_WINDOW_SECONDS", (await WindowAsync(pg, dedup)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(options.Get("out"), output.ToString());
        Console.Error.Write(output);
        return duplicates == 0 && lost == 0 ? 0 : 1;
    }

    private static async Task<Dictionary<string, long>> StatusesAsync(string pg, string dedup)
    {
        await using var connection = new NpgsqlConnection(pg);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT "DeliveryStatus" || coalesce(':' || "LastError", ''), count(*) FROM "Notifications" WHERE "DedupKey" LIKE @dedup GROUP BY 1
            """, connection);
        command.Parameters.AddWithValue("dedup", dedup);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = reader.GetInt64(1);
        }

        var pending = statuses.Where(s => s.Key.StartsWith("Pending", StringComparison.Ordinal)).Sum(s => s.Value);
        statuses.Remove("Pending");
        statuses["Pending"] = pending;
        return statuses;
    }

    private static async Task<List<(string Body, string Status, string? Error)>> BodiesAsync(string pg, string dedup)
    {
        await using var connection = new NpgsqlConnection(pg);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Body", "DeliveryStatus", "LastError" FROM "Notifications" WHERE "DedupKey" LIKE @dedup""", connection);
        command.Parameters.AddWithValue("dedup", dedup);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<double> WindowAsync(string pg, string dedup)
    {
        await using var connection = new NpgsqlConnection(pg);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(extract(epoch FROM max("SentAt") - min("SentAt")), 0)::float8 FROM "Notifications" WHERE "DedupKey" LIKE @dedup
            """, connection);
        command.Parameters.AddWithValue("dedup", dedup);
        return (double)(await command.ExecuteScalarAsync())!;
    }
}
