using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Changai.Domain.Sheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>
/// Imports officer accounts into the importer's subtree from XLSX or CSV (<see cref="OfficerSheet"/>), for officers holding
/// 干部账号管理: a dry run reports every broken cell by row and column; the import is all rows or none, audited per account.
/// A row whose username already belongs to an account of the same union updates it (or, unchanged, leaves it alone: the
/// same file imported twice changes nothing). No password is ever written: each new account gets a random one-time
/// activation code (<see cref="OfficerAccountRules.ActivationCode"/>), returned once in this answer and stored only as a
/// keyed hash; the officer activates the account with username and code and chooses a password (<see cref="ActivateOfficer"/>).
/// Mobiles are stored encrypted with a keyed hash and shown masked.
/// </summary>
public static class ImportOfficers
{
    public const int MaxRows = 2_000;

    public const long MaxFileBytes = 4L * 1024 * 1024;

    public sealed record RowError(int Row, string Column, string Message);

    public sealed record RowOutcome(int Row, string Username, string DisplayName, string UnionName, string Permissions, string MaskedPhone, string Action);

    /// <summary>A new account's one-time activation code: in this answer only, never stored in clear, never in a file.</summary>
    public sealed record Activation(int Row, string Username, string DisplayName, string UnionName, string ActivationCode, DateTime ExpiresAt);

    public sealed record Report(
        bool DryRun, string Format, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<RowError> Errors, IReadOnlyList<RowOutcome> Items,
        IReadOnlyList<Activation> Activations);

    public static IResult Template([AsParameters] SheetUploads.TemplateQuery query)
    {
        IReadOnlyList<string>[] rows = [OfficerSheet.Header, OfficerSheet.ExampleRow];
        return query.Format == "csv"
            ? TypedResults.File(Csv.Write(rows), Csv.ContentType, "干部账号导入模板.csv")
            : TypedResults.File(Xlsx.Write("干部账号", rows), Xlsx.ContentType, "干部账号导入模板.xlsx");
    }

    public static async Task<Results<Ok<Report>, ProblemHttpResult>> DryRun(
        HttpRequest request, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(request.HttpContext.User, ct);
        using var file = await SheetUploads.ReadAsync(request, ct);
        return await SheetUploads.AnswerAsync(() => ImportAsync(file, dryRun: true, officer, db, protector, time, ct));
    }

    public static async Task<Results<Ok<Report>, ProblemHttpResult>> Apply(
        HttpRequest request, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(request.HttpContext.User, ct);
        using var file = await SheetUploads.ReadAsync(request, ct);
        return await SheetUploads.AnswerAsync(() => ImportAsync(file, dryRun: false, officer, db, protector, time, ct));
    }

    /// <summary>The import itself, for callers that already hold the file (the API's upload, the console's).</summary>
    public static async Task<Report> ImportAsync(
        MemoryStream file, bool dryRun, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            throw new SheetRefusedException(400, "officers.import.empty", "请上传 XLSX 或 CSV 格式的干部账号名单文件（可先下载模板）");
        }

        file.Position = 0;
        var format = SheetUploads.FormatOf(file);
        List<SheetRow> sheet;
        try
        {
            sheet = [.. (format == "xlsx" ? Xlsx.Read(file) : Csv.Read(file)).Take(MaxRows + 2)];
        }
        catch (InvalidDataException)
        {
            throw new SheetRefusedException(400, "officers.import.unreadable", "无法读取该文件，请上传模板格式的 XLSX 或 CSV 文件");
        }

        if (sheet.Count > MaxRows + 1)
        {
            throw new SheetRefusedException(400, "officers.import.too_many_rows", $"一次最多导入 {MaxRows} 个账号，请分批导入");
        }

        var (rows, cellErrors) = OfficerSheet.Parse(sheet);
        var importer = await db.Officers.AsNoTracking().SingleAsync(o => o.Id == officer.OfficerId, ct);
        var subtree = await db.Unions.AsNoTracking().Where(u => u.Path.StartsWith(officer.UnionPath)).ToListAsync(ct);
        var usernames = rows.Select(r => r.Username).Distinct().ToList();
        var officers = dryRun ? db.Officers.AsNoTracking() : db.Officers;
        var existing = await officers.Where(o => usernames.Contains(o.Username)).ToListAsync(ct);
        var plan = new OfficerImport(rows, cellErrors, importer, subtree, existing, protector.LookupHash);

        var errors = plan.Errors.Select(e => new RowError(e.Row, e.Column, e.Message)).ToList();
        var items = plan.Items.Select(i => new RowOutcome(i.Row, i.Username, i.DisplayName, i.Union.Name, OfficerSheet.PermissionsText(i.Permissions),
            Masking.Phone(i.Phone), i.Action.ToString().ToLowerInvariant())).ToList();
        Report Result(IReadOnlyList<Activation> activations) => new(dryRun, format, Math.Max(sheet.Count - 1, 0), plan.Count(OfficerImportAction.Create),
            plan.Count(OfficerImportAction.Update), plan.Count(OfficerImportAction.Unchanged), errors, items, activations);
        if (dryRun)
        {
            return Result([]);
        }

        if (errors.Count > 0)
        {
            throw new SheetRefusedException(422, "officers.import.invalid", $"有 {errors.Count} 处错误，未导入任何账号。{plan.Errors[0]}", [.. plan.Errors.Select(e => e.ToString())]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var activations = new List<Activation>();
        foreach (var item in plan.Items)
        {
            if (item.Action == OfficerImportAction.Create)
            {
                var code = OfficerAccountRules.ActivationCode();
                var account = new Officer
                {
                    // No password at all until activation: an empty hash verifies nothing (OfficerLogin).
                    Id = Guid.CreateVersion7(), Username = item.Username, DisplayName = item.DisplayName, PasswordHash = "", UnionId = item.Union.Id,
                    Permissions = item.Permissions, CreatedAt = now, MustChangePassword = true,
                    PhoneCipher = item.Phone is null ? null : protector.Protect(item.Phone), PhoneHash = item.Phone is null ? null : protector.LookupHash(item.Phone),
                    ActivationCodeHash = protector.LookupHash(OfficerAccountRules.NormalizeActivationCode(code)),
                    ActivationExpiresAt = now + OfficerAccountRules.ActivationLifetime,
                };
                db.Officers.Add(account);
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Officer), account.Id, "identity.officer.imported",
                    to: string.Join(",", account.PermissionNames()), reason: account.Username, unionId: item.Union.Id);
                activations.Add(new Activation(item.Row, account.Username, account.DisplayName, item.Union.Name, code, account.ActivationExpiresAt.Value));
            }
            else if (item.Action == OfficerImportAction.Update)
            {
                var account = item.Existing!;
                var before = $"{account.DisplayName}；{string.Join(",", account.PermissionNames())}";
                account.DisplayName = item.DisplayName;
                account.Permissions = item.Permissions;
                account.PhoneCipher = item.Phone is null ? null : protector.Protect(item.Phone);
                account.PhoneHash = item.Phone is null ? null : protector.LookupHash(item.Phone);
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Officer), account.Id, "identity.officer.import_updated",
                    before, $"{account.DisplayName}；{string.Join(",", account.PermissionNames())}", account.Username, item.Union.Id);
            }
        }

        try
        {
            // One SaveChanges is one transaction: every account or none.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("officers.import.conflict", "导入期间有用户名被他人占用或账号被修改，未导入任何账号，请重新导入");
        }

        return Result(activations);
    }
}
