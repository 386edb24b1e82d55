using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// An officer writes a question into their union's bank, or edits one of their subtree's. An edit that changes anything
/// becomes a new version; attempts that showed the old version keep it. <c>version</c> (from the detail) guards against
/// overwriting a colleague's edit.
/// </summary>
public static class SaveQuestion
{
    public sealed record Request(
        QuestionKind Kind, string? Stem, IReadOnlyList<string>? Options, IReadOnlyList<string>? Answers, string? Explanation, string? Chapter,
        IReadOnlyList<string>? Tags, int Difficulty = 2, string? Code = null, int? SortOrder = null, int? Version = null)
    {
        public QuestionContent Content() =>
            new QuestionContent(Kind, Stem ?? "", Options ?? [], Answers ?? [], Explanation ?? "", Chapter ?? "", Tags ?? [], Difficulty).Normalized();
    }

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).IsInEnum().WithName("题型");
            RuleFor(r => r.Code).MaximumLength(30).Matches(@"^[\w\-]+$").When(r => r.Code is not null)
                .WithMessage("编号只能包含字母、数字、汉字、下划线和连字符").WithName("编号");
            RuleFor(r => r.Options).Must(o => o is null || o.Count <= QuestionContent.MaxOptions).WithMessage($"选项不能超过 {QuestionContent.MaxOptions} 个").WithName("选项");
            RuleFor(r => r.Answers).Must(a => a is null || a.Count <= QuestionContent.MaxOptions).WithName("答案");
            RuleFor(r => r.Tags).Must(t => t is null || t.Count <= 10).WithName("标签");
            RuleFor(r => r.SortOrder).InclusiveBetween(0, 1_000_000).WithName("排序");
            RuleFor(r => r).Custom((request, context) =>
            {
                foreach (var problem in request.Content().Problems())
                {
                    context.AddFailure("question", problem);
                }
            });
        }
    }

    public static async Task<Created<OfficerQuestions.Detail>> Create(
        Request request, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var owned = db.QuizQuestions.Where(q => q.OwnerUnionId == officer.UnionId);
        var code = request.Code ?? await NextCodeAsync(db, officer.UnionId, ct);
        if (await owned.AnyAsync(q => q.Code == code, ct))
        {
            throw CodeTaken(code);
        }

        var question = New(officer.UnionId, code, request.SortOrder ?? await owned.Select(q => (int?)q.SortOrder).MaxAsync(ct) + 1 ?? 1, now);
        db.QuizQuestions.Add(question);
        db.QuizQuestionVersions.Add(question.AddVersion(request.Content(), officer.OfficerId, now));
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizQuestion), question.Id, "quiz.question.created", to: "v1", unionId: officer.UnionId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw CodeTaken(code);
        }

        cache.QuestionsChanged();
        return TypedResults.Created($"/api/officer/quiz/questions/{question.Id}", await OfficerQuestions.DetailAsync(db, officer, question.Id, ct));
    }

    public static async Task<Ok<OfficerQuestions.Detail>> Edit(
        Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (question, owner) = await QuizScope.EditableQuestionAsync(db, officer, id, ct);
        if (request.Version is { } expected && expected != question.Version)
        {
            throw Changed();
        }

        var current = await db.QuizQuestionVersions.AsNoTracking().SingleAsync(v => v.Id == question.CurrentVersionId, ct);
        var content = request.Content();
        var now = time.GetUtcNow().UtcDateTime;
        var changed = !current.Content().Normalized().SameAs(content);
        if (changed)
        {
            var previous = question.CurrentVersionNumber;
            db.QuizQuestionVersions.Add(question.AddVersion(content, officer.OfficerId, now));
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizQuestion), question.Id, "quiz.question.edited",
                $"v{previous}", $"v{question.CurrentVersionNumber}", unionId: owner.Id);
        }

        if (request.SortOrder is { } order && order != question.SortOrder)
        {
            question.SortOrder = order;
            question.UpdatedAt = now;
            changed = true;
        }

        if (changed)
        {
            await SaveAsync(db, ct);
            cache.QuestionsChanged();
        }

        return TypedResults.Ok(await OfficerQuestions.DetailAsync(db, officer, id, ct));
    }

    /// <summary>Archived questions are no longer drawn for attempts, practice or the daily question; nothing is deleted.</summary>
    public static Task<Ok<OfficerQuestions.Detail>> Archive(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct) =>
        SetArchivedAsync(id, true, http, db, scope, cache, time, ct);

    public static Task<Ok<OfficerQuestions.Detail>> Restore(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct) =>
        SetArchivedAsync(id, false, http, db, scope, cache, time, ct);

    internal static QuizQuestion New(Guid ownerUnionId, string code, int sortOrder, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), OwnerUnionId = ownerUnionId, Code = code, Chapter = "", SortOrder = sortOrder, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>The owner union's code and the next number: <c>5301-0007</c>.</summary>
    internal static async Task<string> NextCodeAsync(AppDbContext db, Guid ownerUnionId, CancellationToken ct)
    {
        var unionCode = await db.Unions.Where(u => u.Id == ownerUnionId).Select(u => u.Code).SingleAsync(ct);
        var count = await db.QuizQuestions.CountAsync(q => q.OwnerUnionId == ownerUnionId, ct);
        return $"{unionCode}-{count + 1:D4}";
    }

    private static async Task<Ok<OfficerQuestions.Detail>> SetArchivedAsync(
        Guid id, bool archived, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (question, owner) = await QuizScope.EditableQuestionAsync(db, officer, id, ct);
        if (question.IsArchived != archived)
        {
            var now = time.GetUtcNow().UtcDateTime;
            question.IsArchived = archived;
            question.UpdatedAt = now;
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizQuestion), question.Id, archived ? "quiz.question.archived" : "quiz.question.restored",
                unionId: owner.Id);
            await SaveAsync(db, ct);
            cache.QuestionsChanged();
        }

        return TypedResults.Ok(await OfficerQuestions.DetailAsync(db, officer, id, ct));
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The question's version moved (or a version number was taken) under us: someone else saved first.
            throw Changed();
        }
    }

    private static DomainException Changed() => DomainException.Conflict("quiz.question.changed", "该题目刚刚已被他人修改，请刷新后再编辑");

    private static DomainException CodeTaken(string code) => DomainException.Conflict("quiz.question.code_taken", $"编号 {code} 已被本单位题库中的其他题目使用");
}
