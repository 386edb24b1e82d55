using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>The "done when" for attempts: no answers before submission, deadline, retries, daily limit; the server alone judges.</summary>
public sealed class CampaignAttemptTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_attempts_questions_carry_no_answers_or_explanations_until_it_is_submitted()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();

        var response = await worker.Http.PostAsync($"/api/quiz/campaigns/{campaign}/attempts", null);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attempt = JsonNode.Parse(raw)!.AsObject();
        var attemptId = Guid.Parse((string)attempt["id"]!);
        var rawAgain = await worker.Http.GetStringAsync($"/api/quiz/attempts/{attemptId}");

        var explanations = await api.WithDbAsync(async db =>
        {
            var shown = (await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId)).Questions.Select(q => q.QuestionVersionId).ToList();
            return await db.QuizQuestionVersions.Where(v => shown.Contains(v.Id)).Select(v => v.Explanation).ToListAsync();
        });
        Assert.Equal(10, explanations.Count);
        foreach (var json in new[] { raw, rawAgain })
        {
            foreach (var word in new[] { "correct", "answer", "explanation", "result", "score", "isRight" })
            {
                Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase);
            }

            Assert.All(explanations, e => Assert.DoesNotContain(e, json));
        }

        var questions = attempt["questions"]!.AsArray();
        Assert.Equal(10, questions.Count);
        Assert.All(questions, q => Assert.Equal(
            Enumerable.Range(0, q!["options"]!.AsArray().Count).Select(i => ((char)('A' + i)).ToString()),
            q["options"]!.AsArray().Select(o => (string)o!["id"]!)));
        Assert.True((int)attempt["secondsLeft"]! is > 590 and <= 600);

        var submitted = await worker.SubmitAsync(attemptId, await api.AnswersAsync(attemptId, 10));
        Assert.All(submitted["result"]!["questions"]!.AsArray(), q => Assert.False(string.IsNullOrEmpty((string?)q!["explanation"])));
    }

    [Fact]
    public async Task Options_are_shuffled_per_attempt_and_judged_in_the_order_they_were_shown()
    {
        var campaign = await api.PublishedCampaignAsync(c => c["questionsPerAttempt"] = 50);
        var worker = await api.KunmingWorkerAsync();

        var attempt = await worker.StartAsync(campaign);
        var attemptId = Guid.Parse((string)attempt["id"]!);
        var orders = await api.WithDbAsync(async db => (await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId)).Questions.Select(q => q.OptionOrder).ToList());
        Assert.Contains(orders, o => o.Length > 3 && o != string.Join(',', o.Split(',').Order()));

        // Everything right through the shown letters, with the options sent in any order and case.
        var answers = await api.AnswersAsync(attemptId, 50);
        foreach (var answer in answers)
        {
            answer!["optionIds"] = new JsonArray([.. answer["optionIds"]!.AsArray().Reverse().Select(o => (JsonNode)((string)o!).ToLowerInvariant())]);
        }

        await api.SetStartAsync(attemptId, 300);
        var result = (await worker.SubmitAsync(attemptId, answers))["result"]!;
        Assert.Equal(100, (int)result["score"]!);
        Assert.Equal(50, (int)result["correctCount"]!);
    }

    [Fact]
    public async Task The_server_scores_the_attempt_and_shows_the_right_answers_only_after_submission()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();

        var result = (await api.TakeAsync(worker, campaign, correct: 7))["result"]!;

        Assert.Equal(70, (int)result["score"]!);
        Assert.True((bool)result["ranked"]!);
        var questions = result["questions"]!.AsArray();
        Assert.Equal(7, questions.Count(q => (bool)q!["isCorrect"]!));
        Assert.All(questions.Take(7), q => Assert.Equal(q!["chosen"]!.ToJsonString(), q["correctOptionIds"]!.ToJsonString()));
        var entry = await api.EntryAsync(campaign, worker.Id);
        Assert.Equal(70, entry!.Score);
    }

    [Fact]
    public async Task A_submission_after_the_deadline_is_refused_with_a_clear_code()
    {
        var campaign = await api.PublishedCampaignAsync(c => c["timeLimitSeconds"] = 60);
        var worker = await api.KunmingWorkerAsync();
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaign))["id"]!);
        var answers = await api.AnswersAsync(attemptId, 10);

        await api.SetStartAsync(attemptId, 60 + 5 + 2); // the limit, the grace, and two seconds more

        var problem = await (await worker.SubmitRawAsync(attemptId, answers)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.attempt.deadline_passed");
        Assert.Contains("答题时间已到", (string)problem["detail"]!);
        Assert.Null(await api.EntryAsync(campaign, worker.Id));
        Assert.Equal(AttemptStatus.InProgress, await api.WithDbAsync(db => db.QuizAttempts.Where(a => a.Id == attemptId).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_submission_within_the_grace_after_the_deadline_counts()
    {
        var campaign = await api.PublishedCampaignAsync(c => c["timeLimitSeconds"] = 60);
        var worker = await api.KunmingWorkerAsync();
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaign))["id"]!);

        await api.SetStartAsync(attemptId, 62);

        var result = await worker.SubmitAsync(attemptId, await api.AnswersAsync(attemptId, 10));
        Assert.Equal(100, (int)result["result"]!["score"]!);
    }

    [Fact]
    public async Task A_retried_submission_gets_the_same_score_and_counts_once_and_other_answers_are_refused()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaign))["id"]!);
        await api.SetStartAsync(attemptId, 90);
        var answers = await api.AnswersAsync(attemptId, 8);

        var first = await worker.SubmitAsync(attemptId, answers);
        var reordered = new JsonArray([.. answers.Reverse().Select(a => a!.DeepClone())]);
        var retries = await Task.WhenAll(worker.SubmitAsync(attemptId, reordered), worker.SubmitAsync(attemptId, answers));

        Assert.All(retries, retry => Assert.Equal(first["result"]!.ToJsonString(), retry["result"]!.ToJsonString()));
        Assert.Equal(80, (int)first["result"]!["score"]!);
        var entry = await api.EntryAsync(campaign, worker.Id);
        Assert.Equal(1, entry!.RankedAttempts);
        Assert.Equal(1, await api.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.WorkerId == worker.Id && a.Status == AttemptStatus.Submitted)));

        await (await worker.SubmitRawAsync(attemptId, await api.AnswersAsync(attemptId, 10))).ProblemAsync(HttpStatusCode.Conflict, "quiz.attempt.already_submitted");
        Assert.Equal(80, (await api.EntryAsync(campaign, worker.Id))!.Score);
    }

    [Fact]
    public async Task A_fourth_attempt_in_a_day_is_refused()
    {
        var campaign = await api.PublishedCampaignAsync(c => c["attemptsPerDay"] = 3);
        var worker = await api.KunmingWorkerAsync();
        for (var i = 0; i < 3; i++)
        {
            await api.TakeAsync(worker, campaign, correct: i + 5);
        }

        var problem = await (await worker.Http.PostAsync($"/api/quiz/campaigns/{campaign}/attempts", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.attempt.daily_limit");

        Assert.Contains("每天最多答题 3 次", (string)problem["detail"]!);
        Assert.Equal(3, await api.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.CampaignId == campaign && a.WorkerId == worker.Id)));
        var summary = await (await worker.Http.GetAsync($"/api/quiz/campaigns/{campaign}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)summary["me"]!["attemptsLeftToday"]!);
        Assert.Equal(70, (int)summary["me"]!["countedScore"]!); // the best of 50, 60, 70
    }

    [Fact]
    public async Task Attempts_in_total_are_limited_across_days()
    {
        var campaign = await api.PublishedCampaignAsync(c => { c["attemptsPerDay"] = 3; c["attemptsTotal"] = 3; });
        var worker = await api.KunmingWorkerAsync();
        await api.TakeAsync(worker, campaign, correct: 5);
        await api.TakeAsync(worker, campaign, correct: 5);
        // The first two were on earlier days, so today's limit is not what stops the fourth.
        await api.WithDbAsync(db => db.QuizAttempts.Where(a => a.WorkerId == worker.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ChinaDay, a => a.ChinaDay.AddDays(-a.Sequence))));
        await api.TakeAsync(worker, campaign, correct: 5);

        await (await worker.Http.PostAsync($"/api/quiz/campaigns/{campaign}/attempts", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.attempt.total_limit");
    }

    [Fact]
    public async Task Starting_again_while_an_attempt_is_open_returns_it_and_racing_starts_make_one_attempt()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.Http.PostAsync($"/api/quiz/campaigns/{campaign}/attempts", null)));
        var again = await worker.StartAsync(campaign, HttpStatusCode.OK);

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(1, await api.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.CampaignId == campaign && a.WorkerId == worker.Id)));
        var created = await responses.First(r => r.StatusCode == HttpStatusCode.Created).ReadJsonAsync();
        Assert.Equal((string)created["id"]!, (string)again["id"]!);
    }

    [Fact]
    public async Task An_impossibly_fast_submission_is_kept_but_flagged_and_not_ranked()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaign))["id"]!);

        var result = (await worker.SubmitAsync(attemptId, await api.AnswersAsync(attemptId, 10)))["result"]!;

        Assert.Equal(100, (int)result["score"]!);
        Assert.False((bool)result["ranked"]!);
        Assert.Contains("用时过短", (string)result["note"]!);
        Assert.True(await api.WithDbAsync(db => db.QuizAttempts.Where(a => a.Id == attemptId).Select(a => a.IsFlagged).SingleAsync()));
        Assert.Null(await api.EntryAsync(campaign, worker.Id));
        var board = await (await worker.Http.GetAsync($"/api/quiz/campaigns/{campaign}/leaderboard")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(board["me"]);
    }

    [Fact]
    public async Task Answers_to_questions_the_attempt_did_not_show_are_refused()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaign))["id"]!);

        var foreign = new JsonArray(new JsonObject { ["questionId"] = Guid.NewGuid().ToString(), ["optionIds"] = new JsonArray("A") });
        await (await worker.SubmitRawAsync(attemptId, foreign)).ProblemAsync(HttpStatusCode.BadRequest, "quiz.attempt.unknown_question");

        var other = await api.KunmingWorkerAsync();
        await (await other.SubmitRawAsync(attemptId, await api.AnswersAsync(attemptId, 10))).ProblemAsync(HttpStatusCode.NotFound, "quiz.attempt_not_found");
    }

    [Fact]
    public async Task Only_the_audience_sees_the_campaign_and_only_officers_of_the_organising_subtree_manage_it()
    {
        var campaign = await api.PublishedCampaignAsync();
        var outsider = await api.NewWorkerAsync();
        await outsider.Http.PutAsJsonAsync("/api/me/profile", new { countyCode = "530302", isEcologicalMigrant = false }).Expect(HttpStatusCode.OK);
        var insider = await api.KunmingWorkerAsync();

        var list = await (await insider.Http.GetAsync("/api/quiz/campaigns")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Contains(list.AsArray(), c => (string?)c!["id"] == campaign.ToString());
        var outsiderList = await (await outsider.Http.GetAsync("/api/quiz/campaigns")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(outsiderList.AsArray(), c => (string?)c!["id"] == campaign.ToString());
        await (await outsider.Http.PostAsync($"/api/quiz/campaigns/{campaign}/attempts", null)).ProblemAsync(HttpStatusCode.NotFound, "quiz.campaign_not_found");

        var qujing = await api.OfficerAsync("qj.shi");
        await (await qujing.GetAsync($"/api/officer/quiz/campaigns/{campaign}")).ProblemAsync(HttpStatusCode.NotFound, "quiz.campaign_not_found");
        await (await qujing.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures")).ProblemAsync(HttpStatusCode.NotFound, "quiz.campaign_not_found");
        var province = await api.OfficerAsync("yn.sheng");
        await province.GetAsync($"/api/officer/quiz/campaigns/{campaign}").Expect(HttpStatusCode.OK);

        // An officer addresses only their own area.
        var qujingCampaign = await qujing.PostAsJsonAsync("/api/officer/quiz/campaigns", new
        {
            title = "越界的竞答", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddDays(1), audienceRegions = new[] { "5301" },
        });
        await qujingCampaign.ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.campaign.audience_out_of_scope");
    }

    [Fact]
    public async Task A_published_campaign_cannot_be_changed_and_its_seed_stays_hidden_until_it_closes()
    {
        var officer = await api.OfficerAsync("km.quiz");
        var campaign = await api.PublishedCampaignAsync();

        var view = await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Matches("^[0-9a-f]{64}$", (string)view["seedHash"]!);
        Assert.Null(view["seed"]);
        var change = await officer.PutAsJsonAsync($"/api/officer/quiz/campaigns/{campaign}", new
        {
            title = "改名", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddDays(1), audienceRegions = new[] { "5301" },
        });
        await change.ProblemAsync(HttpStatusCode.Conflict, "quiz.campaign.published");
        var audit = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == campaign).Select(a => a.Action).ToListAsync());
        Assert.Equal(["quiz.campaign.created", "quiz.campaign.published"], audit.Order());
    }
}
