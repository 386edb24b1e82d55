using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Quiz;

/// <summary>
/// The worker hands in an attempt and the server alone scores it. Refused after the deadline (plus a few seconds' grace);
/// a retry of the same answers gets the same result and counts once; other answers after submission are refused; an
/// impossibly fast attempt is kept but flagged (not ranked, not in the draw). The standing is updated in the same
/// transaction, then mirrored to the Redis leaderboard.
/// </summary>
public static class SubmitAttempt
{
    public sealed record Answer(Guid QuestionId, IReadOnlyList<string>? OptionIds);

    public sealed record Request(IReadOnlyList<Answer> Answers);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Answers).Must(a => a.Count <= 100).WithMessage("答案最多 100 项").WithName("答案");
            RuleForEach(r => r.Answers).ChildRules(answer =>
            {
                answer.RuleFor(a => a.QuestionId).NotEmpty().WithName("题目");
                answer.RuleFor(a => a.OptionIds).Must(o => o is null || (o.Count <= QuestionContent.MaxOptions && o.All(id => id is { Length: 1 })))
                    .WithMessage("选项应为单个字母，如 A").WithName("选项");
            }).OverridePropertyName("answers");
        }
    }

    /// <summary>
    /// One read (the attempt with its questions inline, the worker's standing and name) and one write: the attempt updated
    /// only if it is still the version read (a second submission racing this one finds it changed), with the standing in
    /// the same transaction; then the Redis leaderboard.
    /// </summary>
    public static async Task<Ok<AttemptView>> Handle(
        Guid id, Request request, HttpContext http, AppDbContext db, QuizCache cache, IQuizLeaderboard leaderboard, IOptions<QuizOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = QuizClock.Now(time);
        var found = await FindQuery(db, id, workerId, ct) ?? throw GetAttempt.NotFound();
        var attempt = found.Attempt;
        var campaign = await cache.PublishedCampaignAsync(db, attempt.CampaignId, ct) ?? throw GetAttempt.NotFound();
        var versions = await cache.VersionsAsync(db, attempt.Questions.Select(q => q.QuestionVersionId), ct);
        var answers = request.Answers.Select(a => new AttemptAnswer(a.QuestionId, a.OptionIds ?? [])).ToList();
        var quiz = options.Value;
        var outcome = attempt.Submit(answers, v => versions[v].Answers(), now, TimeSpan.FromSeconds(quiz.SubmitGraceSeconds),
            TimeSpan.FromSeconds(quiz.MinSecondsPerQuestion), http.Connection.RemoteIpAddress?.ToString());
        if (outcome == SubmitOutcome.Replayed)
        {
            return TypedResults.Ok(QuizViews.Attempt(attempt, campaign.Title, versions, now));
        }

        var entry = found.Entry;
        var standingChanged = false;
        if (!attempt.IsFlagged)
        {
            if (entry is null)
            {
                entry = new QuizCampaignEntry
                {
                    CampaignId = campaign.Id, WorkerId = workerId, UnionId = attempt.UnionId, PrefectureCode = attempt.PrefectureCode,
                    DisplayName = string.IsNullOrEmpty(found.Name) ? "职工" + workerId.ToString("N")[^4..] : Masking.Name(found.Name),
                };
                db.QuizCampaignEntries.Add(entry);
            }

            standingChanged = entry.Consider(attempt, Ranking.KeyOf(attempt.Score, now, campaign.StartsAt, attempt.DurationMs), campaign.Scoring, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same submission raced itself (a double tap): the first one won. Answer as it would.
            db.ChangeTracker.Clear();
            var saved = await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
            if (saved.Status == AttemptStatus.Submitted && saved.SubmissionHash == AttemptSubmissionHash(answers))
            {
                return TypedResults.Ok(QuizViews.Attempt(saved, campaign.Title, versions, now));
            }

            throw DomainException.Conflict("quiz.attempt.already_submitted", "本次答题已经交卷，不能再修改答案");
        }

        if (standingChanged)
        {
            await leaderboard.RecordAsync(campaign.Id, workerId, entry!.RankKey, ct);
        }

        return TypedResults.Ok(QuizViews.Attempt(attempt, campaign.Title, versions, now));
    }

    private sealed record Found(QuizAttempt Attempt, QuizCampaignEntry? Entry, string? Name);

    /// <summary>
    /// The attempt (tracked: the submission updates it), the worker's standing (tracked) and name, compiled once per process.
    /// The standing is a LEFT JOIN on its primary key: as <c>FirstOrDefault()</c> in the projection EF Core numbered every
    /// standing of every campaign (<c>ROW_NUMBER() OVER (PARTITION BY …)</c> over the whole table) on each submission.
    /// </summary>
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<Found?>> FindQuery =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, Guid workerId, CancellationToken ct) =>
            (from a in db.QuizAttempts
             where a.Id == id && a.WorkerId == workerId
             join e in db.QuizCampaignEntries on new { a.CampaignId, a.WorkerId } equals new { e.CampaignId, e.WorkerId } into entries
             from e in entries.DefaultIfEmpty()
             select new Found(a, e, db.Workers.Where(w => w.Id == a.WorkerId).Select(w => w.RealName).FirstOrDefault()))
            .SingleOrDefault());

    private static string AttemptSubmissionHash(IEnumerable<AttemptAnswer> answers) => QuizAttempt.HashOf(answers);
}
