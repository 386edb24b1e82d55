using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>The questions an officer can see, current versions, in the import layout: CSV (UTF-8 with BOM) or XLSX.</summary>
public static class ExportQuestions
{
    public sealed record Query(string Format = "csv", bool IncludeArchived = false);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Format).Must(f => f is "csv" or "xlsx").WithMessage("格式只能是 csv 或 xlsx").WithName("格式");
    }

    public static async Task<FileContentHttpResult> Handle([AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var rows = await QuizScope.VisibleQuestions(db, officer).AsNoTracking().Where(q => query.IncludeArchived || !q.IsArchived)
            .Join(db.QuizQuestionVersions.AsNoTracking(), q => q.CurrentVersionId, v => v.Id, (q, v) => new { q.Code, q.SortOrder, Version = v })
            .ToListAsync(ct);
        var table = new List<IReadOnlyList<string>> { QuestionSheet.Header };
        table.AddRange(rows.OrderBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => QuestionSheet.ToRow(r.Code, r.Version)));
        var name = $"题库-{ChinaTime.Today(time):yyyyMMdd}";
        return query.Format == "xlsx"
            ? TypedResults.File(Xlsx.Write("题库", table), Xlsx.ContentType, name + ".xlsx")
            : TypedResults.File(Csv.Write(table), Csv.ContentType, name + ".csv");
    }
}
