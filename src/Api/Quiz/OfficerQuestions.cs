using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>The question bank as an officer sees it: their subtree's questions (editable) and those of the unions above (read-only).</summary>
public static class OfficerQuestions
{
    public sealed record Query(string? Keyword, string? Chapter, QuestionKind? Kind, bool Archived = false, int Page = 1, int PageSize = 20);

    public sealed record Item(
        Guid Id, string Code, QuestionKind Kind, string KindText, string Stem, string Chapter, int Difficulty, int VersionNumber, bool IsArchived,
        bool IsDemo, bool Editable, string OwnerName, DateTime UpdatedAt);

    public sealed record VersionItem(Guid Id, int Number, string Stem, IReadOnlyList<string> Answers, DateTime CreatedAt);

    public sealed record Detail(
        Guid Id, string Code, QuestionKind Kind, string KindText, string Stem, IReadOnlyList<QuestionOption> Options, IReadOnlyList<string> Answers,
        string Explanation, string Chapter, IReadOnlyList<string> Tags, int Difficulty, int SortOrder, bool IsArchived, bool IsDemo, bool Editable,
        Guid OwnerUnionId, string OwnerName, Guid VersionId, int VersionNumber, int Version, DateTime UpdatedAt, IReadOnlyList<VersionItem> Versions);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Keyword).MaximumLength(50).WithName("关键词");
            RuleFor(q => q.Chapter).MaximumLength(50).WithName("章节");
            RuleFor(q => q.Kind).IsInEnum().WithName("题型");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<Item>>> List([AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var rows = QuizScope.VisibleQuestions(db, officer).AsNoTracking().Where(q => q.IsArchived == query.Archived)
            .Join(db.QuizQuestionVersions, q => q.CurrentVersionId, v => v.Id, (q, v) => new { Question = q, Version = v });
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            rows = rows.Where(r => r.Version.Stem.Contains(query.Keyword) || r.Question.Code == query.Keyword);
        }

        if (!string.IsNullOrWhiteSpace(query.Chapter))
        {
            rows = rows.Where(r => r.Question.Chapter == query.Chapter);
        }

        if (query.Kind is { } kind)
        {
            rows = rows.Where(r => r.Version.Kind == kind);
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(r => r.Question.SortOrder).ThenBy(r => r.Question.Code)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(r => new { r.Question, r.Version, Owner = db.Unions.Single(u => u.Id == r.Question.OwnerUnionId) })
            .ToListAsync(ct);
        var items = page.Select(r => new Item(
            r.Question.Id, r.Question.Code, r.Version.Kind, QuestionContent.KindText(r.Version.Kind), r.Version.Stem, r.Question.Chapter, r.Version.Difficulty,
            r.Question.CurrentVersionNumber, r.Question.IsArchived, r.Question.IsDemo, officer.Covers(r.Owner), r.Owner.Name, r.Question.UpdatedAt)).ToList();
        return TypedResults.Ok(new PagedResult<Item>(items, query.Page, query.PageSize, total));
    }

    public static async Task<Ok<Detail>> Get(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(db, await scope.ForAsync(http.User, ct), id, ct));

    internal static async Task<Detail> DetailAsync(AppDbContext db, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await QuizScope.VisibleQuestions(db, officer).AsNoTracking().Where(q => q.Id == id)
            .Select(q => new { Question = q, Owner = db.Unions.Single(u => u.Id == q.OwnerUnionId) })
            .SingleOrDefaultAsync(ct) ?? throw QuizScope.QuestionNotFound();
        var versions = await db.QuizQuestionVersions.AsNoTracking().Where(v => v.QuestionId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        var current = versions.Single(v => v.Id == found.Question.CurrentVersionId);
        var question = found.Question;
        return new Detail(
            question.Id, question.Code, current.Kind, QuestionContent.KindText(current.Kind), current.Stem, current.Options(),
            [.. current.Answers().Order(StringComparer.Ordinal)], current.Explanation, current.Chapter,
            [.. current.Tags.Split(QuestionContent.TagSeparator, StringSplitOptions.RemoveEmptyEntries)], current.Difficulty, question.SortOrder,
            question.IsArchived, question.IsDemo, officer.Covers(found.Owner), found.Owner.Id, found.Owner.Name, current.Id, current.Number, question.Version,
            question.UpdatedAt, [.. versions.Select(v => new VersionItem(v.Id, v.Number, v.Stem, [.. v.Answers().Order(StringComparer.Ordinal)], v.CreatedAt))]);
    }
}
