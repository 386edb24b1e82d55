using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>The mini-program sends every start and submit with an Idempotency-Key and sends it again when an answer is lost.</summary>
public sealed class QuizRetryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_start_and_a_submit_sent_again_with_their_key_get_the_first_answer_and_count_once()
    {
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();

        var start = await worker.Http.SendAsync(Keyed(HttpMethod.Post, $"/api/quiz/campaigns/{campaign}/attempts", "start-1", null));
        var started = await start.ReadJsonAsync(HttpStatusCode.Created);
        var startAgain = await worker.Http.SendAsync(Keyed(HttpMethod.Post, $"/api/quiz/campaigns/{campaign}/attempts", "start-1", null));
        var startedAgain = await startAgain.ReadJsonAsync(HttpStatusCode.Created);
        Assert.True(startAgain.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(started.ToJsonString(), startedAgain.ToJsonString());

        var attemptId = Guid.Parse((string)started["id"]!);
        await api.SetStartAsync(attemptId, 90);
        var answers = await api.AnswersAsync(attemptId, 7);
        var submitted = await (await worker.Http.SendAsync(Keyed(HttpMethod.Post, $"/api/quiz/attempts/{attemptId}/submit", "submit-1", answers)))
            .ReadJsonAsync(HttpStatusCode.OK);
        var retry = await worker.Http.SendAsync(Keyed(HttpMethod.Post, $"/api/quiz/attempts/{attemptId}/submit", "submit-1", answers));
        var replayed = await retry.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(submitted.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(70, (int)replayed["result"]!["score"]!);

        // The same key for other answers is refused; nothing was counted twice.
        var other = await worker.Http.SendAsync(Keyed(HttpMethod.Post, $"/api/quiz/attempts/{attemptId}/submit", "submit-1", await api.AnswersAsync(attemptId, 10)));
        await other.ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        Assert.Equal(1, await api.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.WorkerId == worker.Id)));
        var entry = await api.EntryAsync(campaign, worker.Id);
        Assert.Equal(1, entry!.RankedAttempts);
        Assert.Equal(70, entry.Score);
        Assert.Equal(AttemptStatus.Submitted, await api.WithDbAsync(db => db.QuizAttempts.Where(a => a.Id == attemptId).Select(a => a.Status).SingleAsync()));
    }

    private static HttpRequestMessage Keyed(HttpMethod method, string path, string key, JsonArray? answers)
    {
        var request = new HttpRequestMessage(method, path);
        if (answers is not null)
        {
            request.Content = JsonContent.Create(new JsonObject { ["answers"] = answers.DeepClone() });
        }

        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
