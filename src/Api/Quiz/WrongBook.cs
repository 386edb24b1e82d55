using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>The wrong-answer book (错题本): questions last answered wrong in practice, with the right answer and why.</summary>
public static class WrongBook
{
    public sealed record Query(int Page = 1, int PageSize = 20);

    public sealed record Item(
        QuestionView Question, string Chapter, IReadOnlyList<string> LastChosen, IReadOnlyList<string> CorrectOptionIds, string Explanation, int WrongCount,
        DateTime LastAnsweredAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<Item>>> List([AsParameters] Query query, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var records = db.QuizPracticeRecords.AsNoTracking().Where(r => r.WorkerId == workerId && r.InWrongBook);
        var total = await records.CountAsync(ct);
        var page = await records
            .Join(db.QuizQuestions, r => r.QuestionId, q => q.Id, (r, q) => new { Record = r, q.CurrentVersionId })
            .Join(db.QuizQuestionVersions, x => x.CurrentVersionId, v => v.Id, (x, v) => new { x.Record, Version = v })
            .OrderByDescending(x => x.Record.LastAnsweredAt).ThenBy(x => x.Record.QuestionId)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(ct);
        var items = page.Select((x, i) => new Item(
            QuizViews.Plain(x.Version, (query.Page - 1) * query.PageSize + i + 1), x.Version.Chapter,
            x.Record.LastChosen.Split(',', StringSplitOptions.RemoveEmptyEntries), [.. x.Version.Answers().Order(StringComparer.Ordinal)], x.Version.Explanation,
            x.Record.Wrong, x.Record.LastAnsweredAt)).ToList();
        return TypedResults.Ok(new PagedResult<Item>(items, query.Page, query.PageSize, total));
    }

    /// <summary>The worker takes a question out of their book by hand (mastered it elsewhere).</summary>
    public static async Task<NoContent> Remove(Guid questionId, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var record = await db.QuizPracticeRecords.SingleOrDefaultAsync(r => r.WorkerId == workerId && r.QuestionId == questionId && r.InWrongBook, ct)
            ?? throw DomainException.NotFound("quiz.wrong_book.not_found", "错题本中没有这道题");
        record.InWrongBook = false;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
