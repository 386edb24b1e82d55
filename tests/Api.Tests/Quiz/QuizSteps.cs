using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Tests.Quiz;

/// <summary>What organisers and workers do in the quiz tests, through the API; time passing is simulated in the database.</summary>
public static class QuizSteps
{
    /// <summary>A published campaign of the Kunming city union, open now, for Kunming members and workers placed in Kunming.</summary>
    public static async Task<Guid> PublishedCampaignAsync(this ApiFactory api, Action<JsonObject>? change = null, string officer = "km.quiz")
    {
        var http = await api.OfficerAsync(officer);
        var body = new JsonObject
        {
            ["title"] = "产改知识竞答 " + Guid.NewGuid().ToString("N")[..6],
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
            ["endsAt"] = DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
            ["audienceUnionId"] = (await api.UnionIdAsync("5301")).ToString(),
            ["audienceRegions"] = new JsonArray("5301"),
            ["questionsPerAttempt"] = 10,
            ["timeLimitSeconds"] = 600,
            ["attemptsPerDay"] = 3,
            ["attemptsTotal"] = 30,
            ["scoring"] = "best",
            ["prizeKind"] = "drawAmongPerfect",
            ["prizeCount"] = 2,
            ["prizeName"] = "纪念品",
        };
        change?.Invoke(body);
        var created = await (await http.PostAsJsonAsync("/api/officer/quiz/campaigns", body)).ReadJsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse((string)created["id"]!);
        await http.PostAsync($"/api/officer/quiz/campaigns/{id}/publish", null).Expect(HttpStatusCode.OK);
        return id;
    }

    /// <summary>A worker whose profile places them in 官渡区 (Kunming), without union membership.</summary>
    public static async Task<WorkerSession> KunmingWorkerAsync(this ApiFactory api)
    {
        var worker = await api.NewWorkerAsync();
        await worker.Http.PutAsJsonAsync("/api/me/profile", new { countyCode = "530111", isEcologicalMigrant = false }).Expect(HttpStatusCode.OK);
        return worker;
    }

    public static async Task<JsonObject> StartAsync(this WorkerSession worker, Guid campaignId, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await worker.Http.PostAsync($"/api/quiz/campaigns/{campaignId}/attempts", null)).ReadJsonAsync(expected);

    /// <summary>Answers for an attempt with the first <paramref name="correct"/> questions right (read from the database, as only a test can).</summary>
    public static Task<JsonArray> AnswersAsync(this ApiFactory api, Guid attemptId, int correct) => api.WithDbAsync(async db =>
    {
        var questions = (await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId)).Questions.OrderBy(q => q.Position).ToList();
        var versionIds = questions.Select(q => q.QuestionVersionId).ToList();
        var versions = await db.QuizQuestionVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id);
        var answers = new JsonArray();
        foreach (var (question, i) in questions.Select((q, i) => (q, i)))
        {
            var right = versions[question.QuestionVersionId].Answers();
            var original = i < correct ? right.ToList() : [versions[question.QuestionVersionId].Options().Select(o => o.Id).First(id => !right.Contains(id))];
            var shown = new JsonArray([.. original.Select(o => (JsonNode)question.ToDisplay(o))]);
            answers.Add(new JsonObject { ["questionId"] = question.QuestionId.ToString(), ["optionIds"] = shown });
        }

        return answers;
    });

    /// <summary>Starts, spends <paramref name="seconds"/> answering (simulated) and submits with <paramref name="correct"/> right answers.</summary>
    public static async Task<JsonObject> TakeAsync(this ApiFactory api, WorkerSession worker, Guid campaignId, int correct, int seconds = 60)
    {
        var attemptId = Guid.Parse((string)(await worker.StartAsync(campaignId))["id"]!);
        await api.SetStartAsync(attemptId, seconds);
        return await worker.SubmitAsync(attemptId, await api.AnswersAsync(attemptId, correct));
    }

    /// <summary>The attempt started <paramref name="secondsAgo"/> seconds ago; its deadline keeps its time limit.</summary>
    public static Task SetStartAsync(this ApiFactory api, Guid attemptId, int secondsAgo) => api.WithDbAsync(async db =>
    {
        var attempt = await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId);
        var limit = attempt.Deadline - attempt.StartedAt;
        var started = DateTime.UtcNow.AddSeconds(-secondsAgo);
        return await db.QuizAttempts.Where(a => a.Id == attemptId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.StartedAt, started).SetProperty(a => a.Deadline, started + limit));
    });

    public static async Task<JsonObject> SubmitAsync(this WorkerSession worker, Guid attemptId, JsonArray answers, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await worker.Http.PostAsJsonAsync($"/api/quiz/attempts/{attemptId}/submit", new JsonObject { ["answers"] = answers.DeepClone() })).ReadJsonAsync(expected);

    public static async Task<HttpResponseMessage> SubmitRawAsync(this WorkerSession worker, Guid attemptId, JsonArray answers) =>
        await worker.Http.PostAsJsonAsync($"/api/quiz/attempts/{attemptId}/submit", new JsonObject { ["answers"] = answers.DeepClone() });

    /// <summary>The campaign closed a minute ago (its cached copy in the API lives at most 30 s, and the draw reads the database).</summary>
    public static Task CloseAsync(this ApiFactory api, Guid campaignId) => api.WithDbAsync(db =>
        db.QuizCampaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.StartsAt, DateTime.UtcNow.AddDays(-3)).SetProperty(c => c.EndsAt, DateTime.UtcNow.AddMinutes(-1))));

    public static Task<QuizCampaignEntry?> EntryAsync(this ApiFactory api, Guid campaignId, Guid workerId) =>
        api.WithDbAsync(db => db.QuizCampaignEntries.AsNoTracking().SingleOrDefaultAsync(e => e.CampaignId == campaignId && e.WorkerId == workerId));
}
