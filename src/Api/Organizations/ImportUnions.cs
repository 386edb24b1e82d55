using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// Imports unions into the officer's subtree from the XLSX or CSV a union office already keeps (<see cref="UnionSheet"/>):
/// the file as multipart field <c>file</c> (or as the raw body). The dry run reports every broken cell by row and column, or
/// what would be created and updated; the import itself is all rows or none, in one transaction, audited per union. A row
/// whose credit code is already here updates that union; an unchanged row changes nothing, so importing the same file twice
/// is harmless. A new union's <see cref="Union.Code"/> (and so its path segment) is its credit code.
/// </summary>
public static class ImportUnions
{
    public const int MaxRows = 50_000;

    /// <summary>20,000 unions as XLSX are about 1.5 MB, as CSV about 3 MB; room for the province's whole tree.</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>The report lists at most this many rows (the counts cover all of them).</summary>
    public const int MaxItemsReported = 1000;

    public sealed record RowError(int Row, string Column, string Message);

    public sealed record RowOutcome(int Row, string CreditCode, string Name, string ParentName, string Action);

    public sealed record Report(
        bool DryRun, string Format, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<RowError> Errors, IReadOnlyList<RowOutcome> Items);

    /// <summary>The empty sheet with its zh-CN header and one example row (read as an example and skipped on import).</summary>
    public static IResult Template([AsParameters] SheetUploads.TemplateQuery query)
    {
        var format = query.Format;
        IReadOnlyList<string>[] rows = [UnionSheet.Header, UnionSheet.ExampleRow];
        return format == "csv"
            ? TypedResults.File(Csv.Write(rows), Csv.ContentType, "工会导入模板.csv")
            : TypedResults.File(Xlsx.Write("工会", rows), Xlsx.ContentType, "工会导入模板.xlsx");
    }

    public static Task<Results<Ok<Report>, ProblemHttpResult>> DryRun(HttpRequest request, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        HandleAsync(request, dryRun: true, db, scope, time, ct);

    public static Task<Results<Ok<Report>, ProblemHttpResult>> Apply(HttpRequest request, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        HandleAsync(request, dryRun: false, db, scope, time, ct);

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, bool dryRun, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(request.HttpContext.User, ct);
        using var buffer = await SheetUploads.ReadAsync(request, ct);
        return await SheetUploads.AnswerAsync(() => ImportAsync(buffer, dryRun, officer, db, time, ct));
    }

    /// <summary>The import itself, for callers that already hold the file (the API's upload, the console's).</summary>
    public static async Task<Report> ImportAsync(
        MemoryStream file, bool dryRun, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            throw new SheetRefusedException(400, "organizations.import.empty", "请上传 XLSX 或 CSV 格式的工会名单文件（可先下载模板）");
        }

        file.Position = 0;
        var format = SheetUploads.FormatOf(file);
        var today = ChinaTime.Today(time);
        IReadOnlyList<UnionSheetRow> rows;
        IReadOnlyList<SheetError> cellErrors;
        var rowCount = 0;
        try
        {
            var sheet = (format == "xlsx" ? Xlsx.Read(file) : Csv.Read(file)).Select(r =>
            {
                if (++rowCount > MaxRows + 1)
                {
                    throw new TooManyRowsException();
                }

                return r;
            });
            (rows, cellErrors) = UnionSheet.Parse(sheet, today);
        }
        catch (InvalidDataException)
        {
            throw new SheetRefusedException(400, "organizations.import.unreadable", "无法读取该文件，请上传模板格式的 XLSX 或 CSV 文件");
        }
        catch (TooManyRowsException)
        {
            throw new SheetRefusedException(400, "organizations.import.too_many_rows", $"一次最多导入 {MaxRows} 个工会，请分批导入");
        }

        // The officer's subtree is the only place a parent can be and the only place rows may update; credit codes of the file
        // held outside it are looked up on their own, to be refused by name rather than by a unique-index failure.
        // The import reads the parents' paths and writes paths beneath them: under the tree lock, so no move runs in between.
        await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        if (!dryRun)
        {
            await UnionTreeLock.AcquireAsync(db, ct);
        }

        var unions = dryRun ? db.Unions.AsNoTracking() : db.Unions;
        var subtree = await unions.Where(u => u.Path.StartsWith(officer.UnionPath)).ToListAsync(ct);
        var codes = rows.Select(r => r.CreditCode).Distinct().ToList();
        var elsewhere = (await db.Unions.AsNoTracking().Where(u => u.CreditCode != null && codes.Contains(u.CreditCode) && !u.Path.StartsWith(officer.UnionPath))
            .Select(u => u.CreditCode!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var root = subtree.Single(u => u.Id == officer.UnionId);
        var plan = new UnionImport(rows, cellErrors, root, subtree, elsewhere);

        var errors = plan.Errors.Select(e => new RowError(e.Row, e.Column, e.Message)).ToList();
        var items = plan.Items.Take(MaxItemsReported).Select(i => new RowOutcome(i.Row, i.CreditCode, i.Name, i.ParentName, i.Action.ToString().ToLowerInvariant())).ToList();
        var report = new Report(dryRun, format, Math.Max(rowCount - 1, 0), plan.Count(UnionImportAction.Create), plan.Count(UnionImportAction.Update),
            plan.Count(UnionImportAction.Unchanged), errors, items);
        if (dryRun)
        {
            return report;
        }

        if (errors.Count > 0)
        {
            throw new SheetRefusedException(422, "organizations.import.invalid", $"有 {errors.Count} 处错误，未导入任何工会。{plan.Errors[0]}", [.. plan.Errors.Select(e => e.ToString())]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (created, updated) = plan.Apply(now);
        db.Unions.AddRange(created);
        foreach (var union in created)
        {
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), union.Id, "organizations.union.imported", to: union.Name, reason: union.Code, unionId: union.Id);
        }

        foreach (var union in updated)
        {
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), union.Id, "organizations.union.import_updated", to: union.Name, reason: union.Code, unionId: union.Id);
        }

        try
        {
            // One transaction: every row or none.
            await db.SaveChangesAsync(ct);
            await transaction!.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("organizations.import.conflict", "导入期间工会信息被他人修改（统一社会信用代码冲突），未导入任何工会，请重新导入");
        }

        return report;
    }

    private sealed class TooManyRowsException : Exception;
}
