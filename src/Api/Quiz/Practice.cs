using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// Practice (练习): through the bank in order or at random, one question at a time, with the answer and explanation
/// right after answering. Progress is kept per question; a wrong answer goes to the wrong-answer book (错题本), a later
/// right one takes it out. The bank is the province's plus that of each union above the worker's own.
/// </summary>
public static class Practice
{
    public sealed record NextQuery(string Mode = "sequential", string? Chapter = null);

    public sealed record ProgressView(int Answered, int Total, int Correct, int WrongBook);

    public sealed record NextView(bool Finished, QuestionView? Question, string? Chapter, ProgressView Progress);

    public sealed record AnswerRequest(Guid QuestionId, IReadOnlyList<string> OptionIds);

    public sealed record Feedback(
        Guid QuestionId, bool IsCorrect, IReadOnlyList<string> Chosen, IReadOnlyList<string> CorrectOptionIds, string Explanation, bool InWrongBook,
        ProgressView Progress);

    public sealed class NextValidator : AbstractValidator<NextQuery>
    {
        public NextValidator()
        {
            RuleFor(q => q.Mode).Must(m => m is "sequential" or "random").WithMessage("练习方式只能是 sequential（顺序）或 random（随机）").WithName("练习方式");
            RuleFor(q => q.Chapter).MaximumLength(50).WithName("章节");
        }
    }

    public sealed class AnswerValidator : AbstractValidator<AnswerRequest>
    {
        public AnswerValidator()
        {
            RuleFor(r => r.QuestionId).NotEmpty().WithName("题目");
            RuleFor(r => r.OptionIds).NotEmpty().Must(o => o.Count <= QuestionContent.MaxOptions && o.All(id => id is { Length: 1 }))
                .WithMessage("请选择答案（选项字母，如 A）").WithName("选项");
        }
    }

    public static async Task<Ok<NextView>> Next([AsParameters] NextQuery query, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var place = await QuizScope.WorkerPlaceAsync(db, http.User.UserId(), ct);
        var pool = await PoolAsync(db, place, ct);
        var answered = db.QuizPracticeRecords.Where(r => r.WorkerId == place.WorkerId).Select(r => r.QuestionId);
        var candidates = pool.Where(q => !answered.Contains(q.Id));
        if (query.Chapter is { Length: > 0 } chapter)
        {
            candidates = candidates.Where(q => q.Chapter == chapter);
        }

        QuizQuestion? next;
        if (query.Mode == "random")
        {
            var count = await candidates.CountAsync(ct);
            next = count == 0 ? null : await Ordered(db, candidates).Skip(QuestionPicker.SecureRandom(count)).FirstOrDefaultAsync(ct);
        }
        else
        {
            next = await Ordered(db, candidates).FirstOrDefaultAsync(ct);
        }

        var progress = await ProgressAsync(db, place.WorkerId, pool, ct);
        if (next is null)
        {
            return TypedResults.Ok(new NextView(true, null, null, progress));
        }

        var version = await db.QuizQuestionVersions.AsNoTracking().SingleAsync(v => v.Id == next.CurrentVersionId, ct);
        return TypedResults.Ok(new NextView(false, QuizViews.Plain(version, progress.Answered + 1), next.Chapter, progress));
    }

    public static async Task<Ok<Feedback>> Answer(AnswerRequest request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var place = await QuizScope.WorkerPlaceAsync(db, http.User.UserId(), ct);
        var pool = await PoolAsync(db, place, ct);
        var question = await pool.SingleOrDefaultAsync(q => q.Id == request.QuestionId, ct)
            ?? throw DomainException.NotFound("quiz.question_not_found", "未找到该题目");
        var version = await db.QuizQuestionVersions.AsNoTracking().SingleAsync(v => v.Id == question.CurrentVersionId, ct);
        var options = version.Options().Select(o => o.Id).ToHashSet();
        var chosen = request.OptionIds.Select(o => o.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (chosen.Any(c => !options.Contains(c)))
        {
            throw DomainException.BadRequest("quiz.attempt.unknown_option", "答案中有不存在的选项");
        }

        var correct = QuestionContent.IsCorrect(version.Answers(), chosen);
        var now = time.GetUtcNow().UtcDateTime;
        var record = await db.QuizPracticeRecords.SingleOrDefaultAsync(r => r.WorkerId == place.WorkerId && r.QuestionId == question.Id, ct);
        if (record is null)
        {
            record = new QuizPracticeRecord { WorkerId = place.WorkerId, QuestionId = question.Id, FirstAnsweredAt = now };
            db.QuizPracticeRecords.Add(record);
        }

        record.Record(version.Id, chosen, correct, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("quiz.practice.concurrent", "请勿重复提交");
        }

        return TypedResults.Ok(new Feedback(question.Id, correct, chosen, [.. version.Answers().Order(StringComparer.Ordinal)], version.Explanation,
            record.InWrongBook, await ProgressAsync(db, place.WorkerId, pool, ct)));
    }

    /// <summary>Active questions owned by the province or by a union above (or at) the worker's member union.</summary>
    internal static async Task<IQueryable<QuizQuestion>> PoolAsync(AppDbContext db, WorkerPlace place, CancellationToken ct)
    {
        var paths = place.UnionPath is { } path
            ? QuizScope.SelfAndAncestors(path)
            : await db.Unions.Where(u => u.ParentId == null).Select(u => u.Path).ToListAsync(ct);
        return db.QuizQuestions.AsNoTracking().Where(q => !q.IsArchived && db.Unions.Any(u => u.Id == q.OwnerUnionId && paths.Contains(u.Path)));
    }

    /// <summary>The province's questions first, then each level down; within a bank, its own order.</summary>
    private static IOrderedQueryable<QuizQuestion> Ordered(AppDbContext db, IQueryable<QuizQuestion> questions) =>
        questions.OrderBy(q => db.Unions.Where(u => u.Id == q.OwnerUnionId).Select(u => u.Depth).First()).ThenBy(q => q.SortOrder).ThenBy(q => q.Code);

    private static async Task<ProgressView> ProgressAsync(AppDbContext db, Guid workerId, IQueryable<QuizQuestion> pool, CancellationToken ct)
    {
        var records = db.QuizPracticeRecords.AsNoTracking().Where(r => r.WorkerId == workerId && pool.Any(q => q.Id == r.QuestionId));
        var counts = await records.GroupBy(r => 1)
            .Select(g => new { Answered = g.Count(), Correct = g.Count(r => r.LastCorrect), Wrong = g.Count(r => r.InWrongBook) })
            .SingleOrDefaultAsync(ct);
        return new ProgressView(counts?.Answered ?? 0, await pool.CountAsync(ct), counts?.Correct ?? 0, counts?.Wrong ?? 0);
    }
}
