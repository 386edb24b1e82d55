using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>The prize draw anyone can re-check: committed seed, revealed seed, eligible list, high-risk accounts left out.</summary>
public sealed class PrizeDrawTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_draw_can_be_recomputed_from_the_revealed_seed_by_the_documented_script()
    {
        var campaign = await api.PublishedCampaignAsync(c => { c["prizeKind"] = "drawAmongPerfect"; c["prizeCount"] = 2; });
        var perfect = new List<WorkerSession>();
        for (var i = 0; i < 5; i++)
        {
            var worker = await api.KunmingWorkerAsync();
            await api.TakeAsync(worker, campaign, correct: 10);
            perfect.Add(worker);
        }

        var imperfect = await api.KunmingWorkerAsync();
        await api.TakeAsync(imperfect, campaign, correct: 9);
        var cheat = await api.KunmingWorkerAsync();
        await api.TakeAsync(cheat, campaign, correct: 10);
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/risk-ranks", new { openid = cheat.OpenId, riskRank = 4 }).Expect(HttpStatusCode.OK);

        var before = await (await imperfect.Http.GetAsync($"/api/quiz/campaigns/{campaign}/draw")).ReadJsonAsync(HttpStatusCode.OK);
        var seedHash = (string)before["seedHash"]!;
        Assert.Matches("^[0-9a-f]{64}$", seedHash);
        Assert.Null(before["seed"]);
        var officer = await api.OfficerAsync("km.quiz");
        await (await officer.PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.draw.not_closed");

        await api.CloseAsync(campaign);
        var drawn = await (await officer.PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ReadJsonAsync(HttpStatusCode.OK);
        await (await officer.PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ProblemAsync(HttpStatusCode.Conflict, "quiz.draw.already_done");

        // What anyone logged in can fetch: a worker and an officer see the same record.
        var response = await imperfect.Http.GetAsync($"/api/quiz/campaigns/{campaign}/draw");
        var record = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(drawn.ToJsonString(), record.ToJsonString());
        var seed = (string)record["seed"]!;
        Assert.Equal(seedHash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed))));
        Assert.Equal(1, (int)record["excludedCount"]!);
        var eligible = record["eligible"]!.AsArray().Select(e => (string)e!).ToList();
        var perfectEntries = await api.WithDbAsync(db => db.QuizCampaignEntries.Where(e => e.CampaignId == campaign && e.Score == 100)
            .Select(e => new { e.WorkerId, e.AttemptId }).ToListAsync());
        Assert.Equal(perfectEntries.Where(e => e.WorkerId != cheat.Id).Select(e => e.AttemptId.ToString()).Order(StringComparer.Ordinal), eligible);
        var winners = record["winners"]!.AsArray().Select(w => (string)w!["entryId"]!).ToList();
        Assert.Equal(2, winners.Count);
        Assert.Equal(Recompute(seed, eligible, 2), winners);

        var file = Path.Combine(Path.GetTempPath(), $"draw-{campaign:N}.json");
        await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
        try
        {
            var (exit, output) = await RunVerifyScriptAsync(file);
            Assert.True(exit == 0, output);
            Assert.Contains("OK: 2 winners recomputed from 5 eligible entries", output);

            // The script notices a record that was tampered with.
            var tampered = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            tampered["winners"]![0]!["entryId"] = eligible.First(e => !winners.Contains(e));
            await File.WriteAllTextAsync(file, tampered.ToJsonString());
            Assert.Equal(1, (await RunVerifyScriptAsync(file)).Exit);
        }
        finally
        {
            File.Delete(file);
        }

        // Each winner is told, once.
        var winnerIds = await api.WithDbAsync(db => db.QuizPrizeWinners.Where(w => w.CampaignId == campaign).Select(w => w.WorkerId).ToListAsync());
        Assert.DoesNotContain(cheat.Id, winnerIds);
        var told = await api.WithDbAsync(db => db.Notifications.Where(n => n.Kind == "quiz.prize_result").Select(n => n.RecipientId).ToListAsync());
        Assert.Equal(winnerIds.Order(), told.Where(winnerIds.Contains).Order());
        Assert.Equal(2, told.Count(winnerIds.Contains));
        var winnerSession = perfect.Single(p => p.Id == winnerIds[0]);
        var summary = await (await winnerSession.Http.GetAsync($"/api/quiz/campaigns/{campaign}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)summary["me"]!["won"]!);
        Assert.Equal(seed, (string)summary["seed"]!);
    }

    [Fact]
    public async Task Top_n_prizes_go_down_the_leaderboard_skipping_high_risk_accounts()
    {
        var campaign = await api.PublishedCampaignAsync(c => { c["prizeKind"] = "topN"; c["prizeCount"] = 2; });
        var workers = new List<WorkerSession>();
        foreach (var correct in new[] { 10, 9, 8, 7 })
        {
            var worker = await api.KunmingWorkerAsync();
            await api.TakeAsync(worker, campaign, correct);
            workers.Add(worker);
        }

        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/risk-ranks", new { openid = workers[1].OpenId, riskRank = 3 }).Expect(HttpStatusCode.OK);
        await api.CloseAsync(campaign);

        var drawn = await (await (await api.OfficerAsync("km.quiz")).PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ReadJsonAsync(HttpStatusCode.OK);

        var winners = await api.WithDbAsync(db => db.QuizPrizeWinners.Where(w => w.CampaignId == campaign).OrderBy(w => w.Rank).Select(w => w.WorkerId).ToListAsync());
        Assert.Equal([workers[0].Id, workers[2].Id], winners);
        Assert.Equal(1, (int)drawn["excludedCount"]!);
    }

    [Fact]
    public async Task When_the_risk_check_is_down_the_draw_waits_and_nothing_is_saved()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();
        await api.TakeAsync(worker, campaign, correct: 10);
        await api.CloseAsync(campaign);
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/faults", new { api = "get_user_risk_rank", errcode = -1, count = 1 }).Expect(HttpStatusCode.OK);
        var officer = await api.OfficerAsync("km.quiz");

        await (await officer.PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.draw.risk_check_failed");
        Assert.Null(await api.WithDbAsync(db => db.QuizCampaigns.Where(c => c.Id == campaign).Select(c => c.DrawnAt).SingleAsync()));

        var drawn = await (await officer.PostAsync($"/api/officer/quiz/campaigns/{campaign}/draw", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(drawn["winners"]!.AsArray());
    }

    /// <summary>The published algorithm, written again here from its description (not by calling the code under test).</summary>
    private static List<string> Recompute(string seed, IEnumerable<string> eligible, int count)
    {
        var pool = eligible.Distinct().OrderBy(e => e, StringComparer.Ordinal).ToList();
        var chosen = new List<string>();
        for (var round = 0; round < count && pool.Count > 0; round++)
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(seed + ":" + round));
            var index = (int)(BinaryPrimitives.ReadUInt64BigEndian(digest.AsSpan(0, 8)) % (ulong)pool.Count);
            chosen.Add(pool[index]);
            pool.RemoveAt(index);
        }

        return chosen;
    }

    private static async Task<(int Exit, string Output)> RunVerifyScriptAsync(string file)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "quiz", "verify-draw.py");
        using var process = Process.Start(new ProcessStartInfo("python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("python3 could not be started: install python3 to run this test");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Changai.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (Changai.slnx) not found above " + AppContext.BaseDirectory);
    }
}
