using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// Imports questions into the officer's union bank from a CSV (UTF-8, or GB18030 as Excel saves it in China) or XLSX file
/// sent as the request body, in the export layout. A row whose 编号 is already in the bank updates that question (a new
/// version when it changed); other rows add questions. <c>dryRun=true</c> only reports. A real import is all or nothing:
/// any broken row and nothing is saved, with one line per problem ("第 12 行: 缺少正确答案").
/// </summary>
public static class ImportQuestions
{
    public const int MaxRows = 2000;

    public sealed record RowOutcome(int Row, string Code, string Action);

    public sealed record Report(bool DryRun, string Format, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<string> Errors, IReadOnlyList<RowOutcome> Items);

    public static async Task<Results<Ok<Report>, ProblemHttpResult>> Handle(
        HttpRequest request, bool? dryRun, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return await ImportAsync(buffer.ToArray(), dryRun ?? false, officer, db, cache, time, ct);
    }

    /// <summary>The import itself, for callers that already hold the file's bytes (the API's body, the console's upload).</summary>
    public static async Task<Results<Ok<Report>, ProblemHttpResult>> ImportAsync(
        byte[] bytes, bool isDryRun, OfficerContext officer, AppDbContext db, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        if (bytes.Length == 0)
        {
            return Problems.Create(400, "quiz.import.empty", "请上传 CSV 或 XLSX 格式的题目文件");
        }

        var format = Xlsx.LooksLikeXlsx(bytes) ? "xlsx" : "csv";
        IReadOnlyList<SheetRow> rows;
        try
        {
            rows = format == "xlsx" ? Xlsx.Read(bytes) : [.. Csv.Read(new MemoryStream(bytes, writable: false))];
        }
        catch (InvalidDataException)
        {
            return Problems.Create(400, "quiz.import.unreadable", "无法读取该文件，请上传导出模板格式的 CSV 或 XLSX 文件");
        }

        if (rows.Count > MaxRows + 1)
        {
            return Problems.Create(400, "quiz.import.too_many_rows", $"一次最多导入 {MaxRows} 道题，请分批导入");
        }

        var (questions, errors) = QuestionSheet.Parse(rows);
        var codes = questions.Where(q => q.Code is not null).Select(q => q.Code!).ToList();
        var existing = await db.QuizQuestions.Where(q => q.OwnerUnionId == officer.UnionId && codes.Contains(q.Code)).ToDictionaryAsync(q => q.Code, ct);
        var currentIds = existing.Values.Select(q => q.CurrentVersionId).ToList();
        var currentVersions = await db.QuizQuestionVersions.AsNoTracking().Where(v => currentIds.Contains(v.Id)).ToDictionaryAsync(v => v.QuestionId, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var outcomes = new List<RowOutcome>();
        var unionCode = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Code).SingleAsync(ct);
        var nextNumber = await db.QuizQuestions.CountAsync(q => q.OwnerUnionId == officer.UnionId, ct) + 1;
        var nextSort = (await db.QuizQuestions.Where(q => q.OwnerUnionId == officer.UnionId).Select(q => (int?)q.SortOrder).MaxAsync(ct) ?? 0) + 1;
        foreach (var row in questions)
        {
            if (row.Code is { } code && existing.TryGetValue(code, out var question))
            {
                if (currentVersions[question.Id].Content().Normalized().SameAs(row.Content))
                {
                    outcomes.Add(new RowOutcome(row.Row, code, "unchanged"));
                    continue;
                }

                outcomes.Add(new RowOutcome(row.Row, code, "update"));
                db.QuizQuestionVersions.Add(question.AddVersion(row.Content, officer.OfficerId, now));
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizQuestion), question.Id, "quiz.question.imported",
                    to: $"v{question.CurrentVersionNumber}", unionId: officer.UnionId);
                continue;
            }

            var newCode = row.Code ?? $"{unionCode}-{nextNumber++:D4}";
            var created = SaveQuestion.New(officer.UnionId, newCode, nextSort++, now);
            db.QuizQuestions.Add(created);
            db.QuizQuestionVersions.Add(created.AddVersion(row.Content, officer.OfficerId, now));
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizQuestion), created.Id, "quiz.question.imported", to: "v1", unionId: officer.UnionId);
            outcomes.Add(new RowOutcome(row.Row, newCode, "create"));
        }

        var report = new Report(isDryRun, format, rows.Count - 1, outcomes.Count(o => o.Action == "create"), outcomes.Count(o => o.Action == "update"),
            outcomes.Count(o => o.Action == "unchanged"), errors, outcomes);
        if (isDryRun)
        {
            return TypedResults.Ok(report);
        }

        if (errors.Count > 0)
        {
            return Problems.Create(422, "quiz.import.invalid", $"有 {errors.Count} 处错误，未导入任何题目。{errors[0]}",
                new Dictionary<string, string[]> { ["rows"] = [.. errors] });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("quiz.import.conflict", "题库刚刚被他人修改（编号冲突），请重新导入");
        }

        cache.QuestionsChanged();
        return TypedResults.Ok(report);
    }
}
