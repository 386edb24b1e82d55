using System.Net;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>The individual leaderboard from Redis and from SQL, over the same database: the same order, the same "my rank".</summary>
public sealed class LeaderboardTests
{
    private static void RequireRedis()
    {
        if (Environment.GetEnvironmentVariable("TEST_REDIS") is null)
        {
            Assert.Fail("TEST_REDIS is not set: run the suite through tests/run.sh, which starts redis-server");
        }
    }

    private static async Task<(JsonObject Board, string Raw)> BoardAsync(WorkerSession worker, Guid campaign)
    {
        var response = await worker.Http.GetAsync($"/api/quiz/campaigns/{campaign}/leaderboard?top=100");
        return (await response.ReadJsonAsync(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static List<string> Order(JsonObject board) =>
        [.. board["individuals"]!.AsArray().Select(r => $"{(int)r!["rank"]!}|{(string)r["name"]!}|{(int)r["score"]!}|{(string)r["finishedAt"]!}|{(double)r["durationSeconds"]!}")];

    [Fact]
    public async Task The_leaderboard_order_is_the_same_with_and_without_redis()
    {
        RequireRedis();
        await using var withRedis = new ApiFactory();
        await using var withoutRedis = ApiFactory.With(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = withRedis.ConnectionString,
            ["ConnectionStrings:Redis"] = "",
        }, wechatVia: withRedis);
        var campaign = await withRedis.PublishedCampaignAsync();
        var campaignStart = await withRedis.WithDbAsync(db => db.QuizCampaigns.Where(c => c.Id == campaign).Select(c => c.StartsAt).SingleAsync());

        // Standings that only differ in the tie-breaks, written straight to SQL before the Redis set exists.
        var finish = campaignStart.AddMinutes(3);
        var tied = new List<(string Name, int Score, DateTime Finish, int DurationMs)>
        {
            ("并列甲", 90, finish, 40_000), ("并列乙", 90, finish, 30_000), ("并列丙", 90, finish.AddSeconds(-1), 80_000),
            ("并列丁", 90, finish, 30_000), ("并列戊", 100, finish.AddSeconds(30), 500_000),
        };
        var tiedWorkers = new List<Guid>();
        foreach (var (name, score, at, duration) in tied)
        {
            var worker = await withRedis.KunmingWorkerAsync();
            tiedWorkers.Add(worker.Id);
            await withRedis.WithDbAsync(db =>
            {
                db.QuizCampaignEntries.Add(new QuizCampaignEntry
                {
                    CampaignId = campaign, WorkerId = worker.Id, AttemptId = Guid.NewGuid(), DisplayName = name, Score = score, CorrectCount = score / 10,
                    FinishedAt = at, DurationMs = duration, RankKey = Ranking.KeyOf(score, at, campaignStart, duration), RankedAttempts = 1, UpdatedAt = at,
                });
                return db.SaveChangesAsync();
            });
        }

        // The first read builds the Redis set from SQL; later standings are written to both.
        var reader = await withRedis.KunmingWorkerAsync();
        var (first, _) = await BoardAsync(reader, campaign);
        Assert.Equal("redis", (string)first["source"]!);
        var players = new List<WorkerSession>();
        foreach (var correct in new[] { 9, 10, 6, 9, 3, 10 })
        {
            var player = await withRedis.KunmingWorkerAsync();
            players.Add(player);
            await withRedis.TakeAsync(player, campaign, correct, seconds: 30 + correct);
        }

        await withRedis.TakeAsync(players[2], campaign, correct: 8); // a better second attempt moves player 3 up

        foreach (var me in players.Append(reader))
        {
            var (redisBoard, _) = await BoardAsync(me, campaign);
            var sqlSession = me with { Http = CloneFor(withoutRedis, me) };
            var (sqlBoard, _) = await BoardAsync(sqlSession, campaign);
            Assert.Equal("redis", (string)redisBoard["source"]!);
            Assert.Equal("sql", (string)sqlBoard["source"]!);
            Assert.Equal(Order(sqlBoard), Order(redisBoard));
            Assert.Equal(sqlBoard["me"]?.ToJsonString(), redisBoard["me"]?.ToJsonString());
            Assert.Equal((int)sqlBoard["total"]!, (int)redisBoard["total"]!);
        }

        var (board, _) = await BoardAsync(reader, campaign);
        var names = board["individuals"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        Assert.Equal(11, names.Count);
        // The earliest 100 first; among the 90s the earlier finish, then the shorter duration; a full tie by worker id (descending).
        Assert.Equal("并列戊", names[0]);
        var ninety = names.Where(n => n.StartsWith("并列", StringComparison.Ordinal) && n != "并列戊").ToList();
        var lastTwo = tiedWorkers[1].ToString("N").CompareTo(tiedWorkers[3].ToString("N")) > 0 ? new[] { "并列乙", "并列丁" } : ["并列丁", "并列乙"];
        Assert.Equal(["并列丙", .. lastTwo, "并列甲"], ninety);
        Assert.Null(board["me"]);
        var scores = board["individuals"]!.AsArray().Select(r => (int)r!["score"]!).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task With_redis_unreachable_submissions_and_leaderboards_still_work_from_sql()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200" });
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();

        var result = await api.TakeAsync(worker, campaign, correct: 9);
        var (board, _) = await BoardAsync(worker, campaign);

        Assert.Equal(90, (int)result["result"]!["score"]!);
        Assert.Equal("sql", (string)board["source"]!);
        Assert.Equal(1, (int)board["me"]!["rank"]!);
        Assert.Equal(90, (int)board["me"]!["score"]!);
    }

    [Fact]
    public async Task Unions_are_ranked_by_participation_rate_then_average_score()
    {
        await using var api = new ApiFactory();
        var campaign = await api.PublishedCampaignAsync();
        var reviewer = await api.OfficerAsync("km.shi");
        // Two members of 云内动力 (one takes part: 50 %), one of 一心堂 (takes part: 100 %).
        var members = new List<WorkerSession>();
        foreach (var union in new[] { "530111001", "530111001", "530111002" })
        {
            var member = await api.NewWorkerAsync();
            await member.CompleteIdentityAsync();
            var application = await api.ApplyAsync(member, union);
            await reviewer.PostAsync($"/api/officer/membership/applications/{application}/approve", System.Net.Http.Json.JsonContent.Create(new { })).Expect(HttpStatusCode.OK);
            members.Add(member);
        }

        await api.TakeAsync(members[0], campaign, correct: 10);
        await api.TakeAsync(members[2], campaign, correct: 4);

        var board = await (await members[0].Http.GetAsync($"/api/quiz/campaigns/{campaign}/leaderboard?scope=union")).ReadJsonAsync(HttpStatusCode.OK);
        var unions = board["unions"]!.AsArray();
        Assert.Equal("一心堂药业集团股份有限公司工会", (string)unions[0]!["unionName"]!);
        Assert.Equal(1.0, (double)unions[0]!["participationRate"]!);
        Assert.Equal("云南云内动力集团有限公司工会", (string)unions[1]!["unionName"]!);
        Assert.Equal(0.5, (double)unions[1]!["participationRate"]!);
        Assert.Equal(100.0, (double)unions[1]!["averageScore"]!);
        Assert.Equal(2, (int)board["myUnion"]!["rank"]!);
        Assert.Equal(0, (int)unions[^1]!["participants"]!);
    }

    private static HttpClient CloneFor(ApiFactory api, WorkerSession session)
    {
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = session.Http.DefaultRequestHeaders.Authorization;
        return http;
    }
}
