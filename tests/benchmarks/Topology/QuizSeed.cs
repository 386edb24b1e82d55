using System.Diagnostics;
using Npgsql;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// Grows a campaign for the scaling table (scaling.sh): submitted attempts and leaderboard standings of seeded workers,
/// written with SQL straight into the tables, so that a submission or a leaderboard read can be timed with 1,000 or
/// 100,000 attempts (200,000 standings) already there. The first <c>--skip</c> seeded workers are left alone: the
/// measured requests are theirs.
/// </summary>
public static class QuizSeed
{
    public static async Task<int> RunAsync(Args options)
    {
        var campaign = Guid.Parse(options.Get("campaign"));
        var attempts = options.Int("attempts", 0);
        var entries = options.Int("entries", 0);
        var skip = options.Int("skip", 0);
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(options.Get("pg"));
        await connection.OpenAsync();
        await using (var seed = new NpgsqlCommand("""
            INSERT INTO "QuizAttempts" ("Id", "CampaignId", "WorkerId", "UnionId", "PrefectureCode", "Sequence", "ChinaDay", "DaySequence",
                "StartedAt", "Deadline", "Status", "SubmittedAt", "CorrectCount", "QuestionCount", "Score", "DurationMs", "SubmissionHash",
                "IsFlagged", "ClientIp", "Version", "Questions")
            SELECT gen_random_uuid(), @campaign, w."Id", NULL, '5301', 1, current_date - 1, 1, now() - interval '1 day',
                now() - interval '1 day' + interval '10 minutes', 'Submitted', now() - interval '1 day' + interval '5 minutes', s / 10, 10, s,
                300000, md5(w."Id"::text), false, NULL, 1, '[]'::jsonb
            FROM (SELECT "Id", (random() * 10)::int * 10 AS s FROM "Workers" w WHERE "OpenId" LIKE 'otopo%'
                  AND NOT EXISTS (SELECT 1 FROM "QuizAttempts" a WHERE a."CampaignId" = @campaign AND a."WorkerId" = w."Id")
                  ORDER BY "OpenId" OFFSET @skip
                  LIMIT greatest(0, @attempts - (SELECT count(*) FROM "QuizAttempts" WHERE "CampaignId" = @campaign))) w;
            INSERT INTO "QuizCampaignEntries" ("CampaignId", "WorkerId", "AttemptId", "UnionId", "PrefectureCode", "DisplayName", "Score",
                "CorrectCount", "FinishedAt", "DurationMs", "RankKey", "RankedAttempts", "UpdatedAt")
            SELECT @campaign, w."Id", gen_random_uuid(), NULL, '5301', left(w."RealName", 1) || '**', s, s / 10, now() - interval '1 day', 300000,
                (s::bigint << 46) | ((1073741823 - (random() * 1000000)::bigint) << 16) | (65535 - (random() * 6000)::bigint), 1, now() - interval '1 day'
            FROM (SELECT "Id", coalesce("RealName", '职工') AS "RealName", (random() * 10)::int * 10 AS s FROM "Workers" w WHERE "OpenId" LIKE 'otopo%'
                  AND NOT EXISTS (SELECT 1 FROM "QuizCampaignEntries" e WHERE e."CampaignId" = @campaign AND e."WorkerId" = w."Id")
                  ORDER BY "OpenId" OFFSET @skip
                  LIMIT greatest(0, @entries - (SELECT count(*) FROM "QuizCampaignEntries" WHERE "CampaignId" = @campaign))) w;
            ANALYZE "QuizAttempts";
            ANALYZE "QuizCampaignEntries";
            """, connection))
        {
            seed.CommandTimeout = 600;
            seed.Parameters.AddWithValue("campaign", campaign);
            seed.Parameters.AddWithValue("attempts", attempts);
            seed.Parameters.AddWithValue("entries", entries);
            seed.Parameters.AddWithValue("skip", skip);
            await seed.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM "QuizAttempts" WHERE "CampaignId" = @campaign), (SELECT count(*) FROM "QuizCampaignEntries" WHERE "CampaignId" = @campaign)
            """, connection);
        count.Parameters.AddWithValue("campaign", campaign);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"QUIZ_ATTEMPTS={reader.GetInt64(0)}");
        Console.WriteLine($"QUIZ_ENTRIES={reader.GetInt64(1)}");
        Console.Error.WriteLine($"quiz-seed: {reader.GetInt64(0):N0} attempts, {reader.GetInt64(1):N0} standings in the campaign ({clock.Elapsed.TotalSeconds:F0} s)");
        return 0;
    }
}
