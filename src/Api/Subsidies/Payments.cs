using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Changai.Domain.Sheets;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// Finance records payment of approved applications — one by one, or by importing a CSV with a report per row — and
/// exports the approved and paid lists. Exports mask ID numbers; full numbers only for finance officers, and every
/// export is recorded in the audit trail.
/// </summary>
public static class Payments
{
    public sealed record Request(Guid ApplicationId, DateOnly PaidOn, string TransferReference);

    public sealed record Recorded(Guid ApplicationId, SubsidyStatus Status, DateOnly PaidOn, string TransferReference);

    public sealed record ImportRow(int Line, Guid? ApplicationId, bool Ok, string? Code, string Message);

    public sealed record ImportReport(int Total, int Succeeded, int Failed, IReadOnlyList<ImportRow> Rows);

    public sealed record ExportQuery(Guid? ProgramId, SubsidyStatus? Status, bool FullIdNumbers = false);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ApplicationId).NotEmpty().WithName("申请");
            RuleFor(r => r.PaidOn).NotEmpty().WithName("发放日期");
            RuleFor(r => r.TransferReference).NotEmpty().MaximumLength(64).WithName("转账流水号");
        }
    }

    public sealed class ExportValidator : AbstractValidator<ExportQuery>
    {
        public ExportValidator() => RuleFor(q => q.Status).Must(s => s is null or SubsidyStatus.Approved or SubsidyStatus.Paid)
            .WithMessage("只能导出已核准或已发放的名单").WithName("状态");
    }

    public static async Task<Ok<Recorded>> Record(Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await RecordAsync(request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    /// <summary>The payment of <see cref="Record"/> for a signed-in officer (also the console's form).</summary>
    public static async Task<Recorded> RecordAsync(Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var application = await PayAsync(db, scope, officer, request.ApplicationId, request.PaidOn, request.TransferReference.Trim(), time, ct);
        return new Recorded(application.Id, application.Status, application.PaidOn!.Value, application.TransferReference!);
    }

    /// <summary>
    /// A CSV with a header naming at least 申请编号, 发放日期 and 转账流水号 (or <c>id</c>, <c>paidOn</c>, <c>transferReference</c>,
    /// as the export named them before) — the export with two columns filled in will do. Dates as Excel and WPS save them in
    /// China: 2026-12-07, 2026-12-7 or 2026/12/7. Each row is recorded on its own; the report says which were not, and why.
    /// </summary>
    public static async Task<Ok<ImportReport>> Import(HttpRequest request, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(request.HttpContext.User, ct);
        // The body is buffered (the reader sniffs its encoding and reads synchronously); a payment list is small.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        return TypedResults.Ok(await ImportAsync(body, officer, db, scope, time, ct));
    }

    /// <summary>The import of <see cref="Import"/> for a CSV file's bytes (also the console's file upload), in UTF-8 or GB18030.</summary>
    public static async Task<ImportReport> ImportAsync(Stream file, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        List<SheetRow> rows;
        try
        {
            rows = [.. Csv.Read(file)];
        }
        catch (InvalidDataException e)
        {
            throw DomainException.BadRequest("subsidies.csv_invalid", e.Message);
        }

        var header = rows.FirstOrDefault() is { Number: 1 } first ? first.Cells.Select(h => h.Trim()).ToList() : null;
        int Column(string name, string formerName) =>
            header?.FindIndex(h => h == name || h.Equals(formerName, StringComparison.OrdinalIgnoreCase)) ?? -1;
        var (idColumn, dateColumn, referenceColumn) =
            (Column(ExportColumns[0], "id"), Column(ExportColumns[8], "paidOn"), Column(ExportColumns[9], "transferReference"));
        if (idColumn < 0 || dateColumn < 0 || referenceColumn < 0)
        {
            throw DomainException.BadRequest("subsidies.csv_invalid", "CSV 第一行应为表头，至少包含 申请编号、发放日期、转账流水号 三列");
        }

        var report = new List<ImportRow>();
        foreach (var row in rows.Skip(1))
        {
            if (row.Cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Cell(int column) => row.Cell(column).Trim();
            if (!Guid.TryParse(Cell(idColumn), out var id))
            {
                report.Add(new ImportRow(row.Number, null, false, "subsidies.csv_row_invalid", "申请编号格式不正确"));
                continue;
            }

            if (!DateOnly.TryParseExact(Cell(dateColumn), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var paidOn) || Cell(referenceColumn).Length is 0 or > 64)
            {
                report.Add(new ImportRow(row.Number, id, false, "subsidies.csv_row_invalid", "发放日期应为年-月-日（如 2026-12-07），转账流水号不能为空（最多 64 个字符）"));
                continue;
            }

            db.ChangeTracker.Clear();
            try
            {
                await PayAsync(db, scope, officer, id, paidOn, Cell(referenceColumn), time, ct);
                report.Add(new ImportRow(row.Number, id, true, null, "已登记发放"));
            }
            catch (DomainException e)
            {
                report.Add(new ImportRow(row.Number, id, false, e.Code, e.Message));
            }
        }

        return new ImportReport(report.Count, report.Count(r => r.Ok), report.Count(r => !r.Ok), report);
    }

    public static async Task<IResult> Export(
        [AsParameters] ExportQuery query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        if (query.FullIdNumbers && !http.User.HasClaim(Policies.PermissionClaim, nameof(OfficerPermissions.Finance)))
        {
            throw DomainException.Forbidden("subsidies.finance_only", "只有财务人员可以导出完整身份证号");
        }

        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var statuses = query.Status is { } s ? [s] : new[] { SubsidyStatus.Approved, SubsidyStatus.Paid };
        var applications = db.SubsidyApplications.AsNoTracking().Where(a => statuses.Contains(a.Status) && unionIds.Contains(a.UnionId));
        if (query.ProgramId is { } programId)
        {
            applications = applications.Where(a => a.ProgramId == programId);
        }

        var rows = await applications.OrderBy(a => a.DecidedAt).ThenBy(a => a.Id)
            .Select(a => new { Application = a, Program = db.SubsidyPrograms.Where(p => p.Id == a.ProgramId).Select(p => p.Name).Single(), Union = db.Unions.Where(u => u.Id == a.UnionId).Select(u => u.Name).Single() })
            .ToListAsync(ct);
        var table = new List<IReadOnlyList<string>> { ExportColumns };
        foreach (var r in rows)
        {
            var idNumber = protector.UnprotectOrNull(r.Application.IdNumberCipher);
            table.Add([
                r.Application.Id.ToString(), r.Program, r.Union, r.Application.ApplicantName ?? "", query.FullIdNumbers ? idNumber ?? "" : Masking.IdNumber(idNumber),
                ((r.Application.AmountFen ?? 0) / 100m).ToString("0.00", CultureInfo.InvariantCulture), SubsidyStatusNames.Of(r.Application.Status),
                r.Application.DecidedAt is { } at ? ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
                r.Application.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", r.Application.TransferReference ?? "",
            ]);
        }

        db.Record(time.GetUtcNow().UtcDateTime, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyProgram), query.ProgramId ?? Guid.Empty,
            query.FullIdNumbers ? "subsidies.export.full_id_numbers" : "subsidies.export.masked", reason: $"{rows.Count} 条，状态 {string.Join("/", statuses.Select(SubsidyStatusNames.Of))}",
            unionId: officer.UnionId);
        await db.SaveChangesAsync(ct);
        var name = $"subsidies-{ChinaTime.Today(time):yyyyMMdd}.csv";
        return TypedResults.File(Csv.Write(table), Csv.ContentType, name);
    }

    /// <summary>The payment list's columns, in the order of the export; the import finds its three by these names.</summary>
    private static readonly string[] ExportColumns = ["申请编号", "补贴项目", "工会", "申请人", "身份证号", "金额（元）", "状态", "批准时间", "发放日期", "转账流水号"];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"];

    private static async Task<SubsidyApplication> PayAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, DateOnly paidOn, string reference, TimeProvider time, CancellationToken ct)
    {
        var (application, union) = await SubsidyAccess.InScopeAsync(db, scope, officer, id, ct);
        if (paidOn > ChinaTime.Today(time))
        {
            throw DomainException.BadRequest("subsidies.paid_on_future", "发放日期不能晚于今天");
        }

        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        application.MarkPaid(officer.OfficerId, paidOn, reference);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.paid",
            nameof(SubsidyStatus.Approved), nameof(SubsidyStatus.Paid), $"{paidOn:yyyy-MM-dd} 流水号 {reference}", union.Id);
        SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Paid, "补贴已发放",
            $"您的“{program.Name}”补贴 {Money.Format(application.AmountFen!.Value)} 已于{paidOn:yyyy年M月d日}发放，请留意银行到账。");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("subsidies.already_decided", "该申请刚刚已由其他工作人员处理，请刷新后查看");
        }

        return application;
    }
}
