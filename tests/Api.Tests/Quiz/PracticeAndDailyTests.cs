using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Common;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>Practice with instant feedback and a wrong-answer book; the daily question with streaks and a calendar.</summary>
public sealed class PracticeAndDailyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<(IReadOnlyList<string> Right, string Wrong, string Explanation)> KeyAsync(Guid questionId) => api.WithDbAsync(async db =>
    {
        var version = await db.QuizQuestions.Where(q => q.Id == questionId).Join(db.QuizQuestionVersions, q => q.CurrentVersionId, v => v.Id, (q, v) => v).SingleAsync();
        var right = version.Answers().Order().ToList();
        return ((IReadOnlyList<string>)right, version.Options().First(o => !right.Contains(o.Id)).Id, version.Explanation);
    });

    [Fact]
    public async Task Practice_goes_through_the_bank_in_order_with_feedback_and_keeps_a_wrong_answer_book()
    {
        var worker = await api.NewWorkerAsync();

        var first = await (await worker.Http.GetAsync("/api/quiz/practice/next")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)first["finished"]!);
        Assert.Equal(0, (int)first["progress"]!["answered"]!);
        Assert.Equal(50, (int)first["progress"]!["total"]!);
        Assert.DoesNotContain("explanation", first.ToJsonString());
        var questionId = Guid.Parse((string)first["question"]!["questionId"]!);
        var yn001 = await api.WithDbAsync(db => db.QuizQuestions.Where(q => q.Code == "YN-001").Select(q => q.Id).SingleAsync());
        Assert.Equal(yn001, questionId);
        var (right, wrong, explanation) = await KeyAsync(questionId);

        var missed = await (await worker.Http.PostAsJsonAsync("/api/quiz/practice/answers", new { questionId, optionIds = new[] { wrong } })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)missed["isCorrect"]!);
        Assert.Equal(right, missed["correctOptionIds"]!.AsArray().Select(o => (string)o!));
        Assert.Equal(explanation, (string)missed["explanation"]!);
        Assert.True((bool)missed["inWrongBook"]!);
        Assert.Equal(1, (int)missed["progress"]!["wrongBook"]!);

        var book = await (await worker.Http.GetAsync("/api/quiz/practice/wrong-book")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)book["total"]!);
        Assert.Equal([wrong], book["items"]![0]!["lastChosen"]!.AsArray().Select(o => (string)o!));

        // In order: the next question is the second of the bank.
        var second = await (await worker.Http.GetAsync("/api/quiz/practice/next")).ReadJsonAsync(HttpStatusCode.OK);
        var yn002 = await api.WithDbAsync(db => db.QuizQuestions.Where(q => q.Code == "YN-002").Select(q => q.Id).SingleAsync());
        Assert.Equal(yn002.ToString(), (string)second["question"]!["questionId"]!);
        Assert.Equal(1, (int)second["progress"]!["answered"]!);

        var fixedIt = await (await worker.Http.PostAsJsonAsync("/api/quiz/practice/answers", new { questionId, optionIds = right })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)fixedIt["isCorrect"]!);
        Assert.False((bool)fixedIt["inWrongBook"]!);
        Assert.Equal(0, (int)(await (await worker.Http.GetAsync("/api/quiz/practice/wrong-book")).ReadJsonAsync(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task Random_practice_offers_unanswered_questions_and_a_question_can_be_taken_out_of_the_book()
    {
        var worker = await api.NewWorkerAsync();
        var seen = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var next = await (await worker.Http.GetAsync("/api/quiz/practice/next?mode=random&chapter=技能形成与素质提升")).ReadJsonAsync(HttpStatusCode.OK);
            var questionId = Guid.Parse((string)next["question"]!["questionId"]!);
            Assert.True(seen.Add(questionId.ToString()));
            var (_, wrong, _) = await KeyAsync(questionId);
            await worker.Http.PostAsJsonAsync("/api/quiz/practice/answers", new { questionId, optionIds = new[] { wrong } }).Expect(HttpStatusCode.OK);
        }

        var removed = Guid.Parse(seen.First());
        await worker.Http.DeleteAsync($"/api/quiz/practice/wrong-book/{removed}").Expect(HttpStatusCode.NoContent);
        var book = await (await worker.Http.GetAsync("/api/quiz/practice/wrong-book?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (int)book["total"]!);
        Assert.DoesNotContain(book["items"]!.AsArray(), i => (string)i!["question"]!["questionId"]! == removed.ToString());
        await (await worker.Http.DeleteAsync($"/api/quiz/practice/wrong-book/{removed}")).ProblemAsync(HttpStatusCode.NotFound, "quiz.wrong_book.not_found");
    }

    [Fact]
    public async Task Everyone_gets_the_same_daily_question_answerable_once_with_the_explanation_after()
    {
        var worker = await api.NewWorkerAsync();
        var other = await api.NewWorkerAsync();

        var today = await (await worker.Http.GetAsync("/api/quiz/daily")).ReadJsonAsync(HttpStatusCode.OK);
        var theirs = await (await other.Http.GetAsync("/api/quiz/daily")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)today["question"]!["questionId"]!, (string)theirs["question"]!["questionId"]!);
        Assert.False((bool)today["answered"]!);
        Assert.Null(today["result"]);
        Assert.DoesNotContain("explanation", today.ToJsonString());

        var questionId = Guid.Parse((string)today["question"]!["questionId"]!);
        var (right, wrong, explanation) = await KeyAsync(questionId);
        var answered = await (await worker.Http.PostAsJsonAsync("/api/quiz/daily/answer", new { optionIds = right })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)answered["result"]!["isCorrect"]!);
        Assert.Equal(explanation, (string)answered["result"]!["explanation"]!);
        Assert.Equal(1, (int)answered["streak"]!["current"]!);

        await (await worker.Http.PostAsJsonAsync("/api/quiz/daily/answer", new { optionIds = new[] { wrong } })).ProblemAsync(HttpStatusCode.Conflict, "quiz.daily.already_answered");
        var after = await (await worker.Http.GetAsync("/api/quiz/daily")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)after["answered"]!);
        Assert.True((bool)after["result"]!["isCorrect"]!);
    }

    [Fact]
    public async Task Streaks_and_the_calendar_count_china_days()
    {
        var worker = await api.NewWorkerAsync();
        var today = ChinaTime.Today(TimeProvider.System);
        var daily = await (await worker.Http.GetAsync("/api/quiz/daily")).ReadJsonAsync(HttpStatusCode.OK);
        var versionId = await api.WithDbAsync(db => db.QuizDailyQuestions.Where(d => d.Day == today).Select(d => d.QuestionVersionId).SingleAsync());
        // Answered on the two days before today and five days ago (written directly: those days are over).
        await api.WithDbAsync(db =>
        {
            foreach (var daysAgo in new[] { 1, 2, 5 })
            {
                db.QuizDailyAnswers.Add(new QuizDailyAnswer
                {
                    WorkerId = worker.Id, Day = today.AddDays(-daysAgo), QuestionVersionId = versionId, Chosen = "A", IsCorrect = daysAgo != 2,
                    AnsweredAt = DateTime.UtcNow.AddDays(-daysAgo),
                });
            }

            return db.SaveChangesAsync();
        });
        var (right, _, _) = await KeyAsync(Guid.Parse((string)daily["question"]!["questionId"]!));

        var answered = await (await worker.Http.PostAsJsonAsync("/api/quiz/daily/answer", new { optionIds = right })).ReadJsonAsync(HttpStatusCode.OK);
        var calendar = await (await worker.Http.GetAsync($"/api/quiz/daily/calendar?month={today:yyyy-MM}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, (int)answered["streak"]!["current"]!);
        Assert.Equal(3, (int)calendar["streak"]!["longest"]!);
        Assert.Equal(4, (int)calendar["totalDays"]!);
        Assert.Contains(calendar["days"]!.AsArray(), d => (string)d!["date"]! == today.ToString("yyyy-MM-dd"));
        Assert.All(calendar["days"]!.AsArray(), d => Assert.StartsWith(today.ToString("yyyy-MM"), (string)d!["date"]!));
        await (await worker.Http.GetAsync("/api/quiz/daily/calendar?month=2026-13")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }
}
