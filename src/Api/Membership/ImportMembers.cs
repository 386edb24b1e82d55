using System.Security.Cryptography;
using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Organizations;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Changai.Domain.Sheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Changai.Api.Membership;

/// <summary>
/// Imports a union's existing members (存量会员) into the register from the XLSX or CSV it keeps (<see cref="MemberSheet"/>):
/// the file as multipart field <c>file</c> (or as the raw body). The file is read twice, never held: the first pass checks
/// every row (GB 11643, phone, union in the officer's subtree, duplicates in the file and in the register by the keyed
/// hashes) keeping only hashes and row numbers; the dry run ends there with the report. The import writes in a second pass,
/// in one transaction (all rows or none) and in batches (binary COPY on PostgreSQL). ID numbers and phones are encrypted and
/// hashed exactly as a worker's profile entries are, and each member gets a number in today's format from its join date;
/// the roster's own number is kept as the external number. A row whose ID number is already a member of the same union is
/// left alone, so importing the same file twice changes nothing. One audit record per import (file name, SHA-256, counts)
/// and one per union that received members; the members carry the import's id.
/// </summary>
public static class ImportMembers
{
    public const int MaxRows = 100_000;

    /// <summary>100,000 members are about 9 MB as CSV and 4 MB as XLSX.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The report lists at most this many rows and errors (the counts cover all of them).</summary>
    public const int MaxItemsReported = 1000;

    private const int LookupChunk = 1000;

    public sealed record RowError(int Row, string Column, string Message);

    /// <summary>A row as the report shows it: the ID number and phone masked as everywhere else.</summary>
    public sealed record RowOutcome(int Row, string Name, string IdNumberMasked, string PhoneMasked, string UnionName, DateOnly JoinedOn, string? ExternalNumber, string Action);

    /// <param name="ImportId">The import's id (its audit record's entity, and on every member it created); null for a dry run or when nothing was written.</param>
    public sealed record Report(
        bool DryRun, string Format, int Rows, int Created, int Unchanged, int ErrorCount, IReadOnlyList<RowError> Errors, IReadOnlyList<RowOutcome> Items, Guid? ImportId);

    public static async Task<IResult> Template([AsParameters] Infrastructure.SheetUploads.TemplateQuery query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var code = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Code).SingleAsync(ct);
        return TemplateFile(query.Format, code);
    }

    /// <summary>The empty sheet with its zh-CN header and one example row (read as an example and skipped on import).</summary>
    public static IResult TemplateFile(string? format, string unionCode)
    {
        IReadOnlyList<string>[] rows = [MemberSheet.Header, MemberSheet.ExampleRow(unionCode)];
        return format == "csv"
            ? TypedResults.File(Csv.Write(rows), Csv.ContentType, "会员导入模板.csv")
            : TypedResults.File(Xlsx.Write("会员", rows), Xlsx.ContentType, "会员导入模板.xlsx");
    }

    public static Task<Results<Ok<Report>, ProblemHttpResult>> DryRun(
        HttpRequest request, AppDbContext db, OfficerScope scope, FieldProtector protector, IOptions<MemberImportOptions> options, TimeProvider time, CancellationToken ct) =>
        HandleAsync(request, dryRun: true, db, scope, protector, options.Value, time, ct);

    public static Task<Results<Ok<Report>, ProblemHttpResult>> Apply(
        HttpRequest request, AppDbContext db, OfficerScope scope, FieldProtector protector, IOptions<MemberImportOptions> options, TimeProvider time, CancellationToken ct) =>
        HandleAsync(request, dryRun: false, db, scope, protector, options.Value, time, ct);

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, bool dryRun, AppDbContext db, OfficerScope scope, FieldProtector protector, MemberImportOptions options, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(request.HttpContext.User, ct);
        if (request.HasFormContentType)
        {
            // The form reader keeps an upload above 64 KB in a temporary file: seekable, and not in memory.
            // A form without a file is refused as an empty file.
            var file = (await request.ReadFormAsync(ct)).Files.GetFile("file");
            await using var upload = file?.OpenReadStream() ?? Stream.Null;
            return await SheetUploads.AnswerAsync(() => ImportAsync(upload, file?.FileName, dryRun, officer, db, protector, options, time, ct));
        }

        await using var body = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        await request.Body.CopyToAsync(body, ct);
        return await SheetUploads.AnswerAsync(() => ImportAsync(body, null, dryRun, officer, db, protector, options, time, ct));
    }

    /// <summary>The import itself, for callers that hold the file as a seekable stream (the API's upload, the console's).</summary>
    public static async Task<Report> ImportAsync(
        Stream file, string? fileName, bool dryRun, OfficerContext officer, AppDbContext db, FieldProtector protector, MemberImportOptions options,
        TimeProvider time, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            throw new SheetRefusedException(400, "membership.import.empty", "请上传 XLSX 或 CSV 格式的会员名单文件（可先下载模板）");
        }

        var head = new byte[4];
        file.Position = 0;
        file.ReadExactly(head, 0, (int)Math.Min(4, file.Length));
        var format = Xlsx.LooksLikeXlsx(head) ? "xlsx" : "csv";
        var today = ChinaTime.Today(time);

        var unions = await db.Unions.AsNoTracking().Where(u => u.Path.StartsWith(officer.UnionPath))
            .Select(u => new MemberImportUnion(u.Id, u.Code, u.CreditCode, u.Name, u.AcceptsMembers)).ToListAsync(ct);
        var byCode = new Dictionary<string, MemberImportUnion>(StringComparer.Ordinal);
        foreach (var union in unions)
        {
            byCode.TryAdd(union.Code.ToUpperInvariant(), union);
            if (union.CreditCode is { } credit)
            {
                byCode.TryAdd(credit, union);
            }
        }

        var check = new MemberImportCheck(byCode, protector.LookupHash, MaxItemsReported);
        var preview = new List<(RowOutcome Row, string IdHash)>();
        try
        {
            foreach (var line in Lines(file, format, today))
            {
                if (check.Rows >= MaxRows)
                {
                    throw new SheetRefusedException(400, "membership.import.too_many_rows", $"一次最多导入 {MaxRows} 名会员，请分批导入");
                }

                if (check.Add(line) is { } hashes && preview.Count < MaxItemsReported)
                {
                    var row = line.Parsed!;
                    preview.Add((new RowOutcome(row.Row, row.Name, Masking.IdNumber(row.IdNumber), Masking.Phone(row.Phone), check.UnionOf(row.UnionCode)!.Name,
                        row.JoinedOn, row.ExternalNumber, "create"), hashes.IdHash));
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new SheetRefusedException(400, "membership.import.unreadable", e.Message.StartsWith("文件编码", StringComparison.Ordinal)
                ? e.Message : "无法读取该文件，请上传模板格式的 XLSX 或 CSV 文件");
        }

        // Duplicates against the register, by the keyed hashes: one indexed look-up per thousand rows.
        var unionNames = unions.ToDictionary(u => u.Id, u => u.Name);
        foreach (var chunk in check.IdHashes.ToList().Chunk(LookupChunk))
        {
            var registered = await db.Members.AsNoTracking()
                .Where(m => m.Status == MembershipStatus.Active && chunk.Contains(m.IdNumberHash))
                .Select(m => new { m.IdNumberHash, m.UnionId, m.PhoneHash }).ToListAsync(ct);
            check.AddRegistered(registered.Select(r => (r.IdNumberHash, r.UnionId, r.PhoneHash)), id => unionNames.GetValueOrDefault(id));
        }

        foreach (var chunk in check.PhoneHashes.ToList().Chunk(LookupChunk))
        {
            check.AddRegisteredPhones(await db.Members.AsNoTracking()
                .Where(m => m.Status == MembershipStatus.Active && chunk.Contains(m.PhoneHash)).Select(m => m.PhoneHash).ToListAsync(ct));
        }

        check.Finish();
        var errors = check.Errors.Select(e => new RowError(e.Row, e.Column, e.Message)).ToList();
        var items = check.ErrorCount > 0 ? [] : preview.Select(p => check.IsUnchanged(p.IdHash) ? p.Row with { Action = "unchanged" } : p.Row).ToList();
        var report = new Report(dryRun, format, check.Rows, check.ErrorCount > 0 ? 0 : check.ToCreate, check.ErrorCount > 0 ? 0 : check.Unchanged,
            check.ErrorCount, errors, items, null);
        if (dryRun)
        {
            return report;
        }

        if (check.ErrorCount > 0)
        {
            throw new SheetRefusedException(422, "membership.import.invalid", $"有 {check.ErrorCount} 处错误，未导入任何会员。{check.Errors[0]}", [.. check.Errors.Select(e => e.ToString())]);
        }

        if (check.ToCreate == 0)
        {
            return report; // every row is already in the register: nothing to write, nothing to audit
        }

        var importId = Guid.CreateVersion7();
        var now = time.GetUtcNow().UtcDateTime;
        var digest = await Sha256Async(file, ct);
        try
        {
            await WriteAsync(file, format, today, check, importId, now, db, protector, options.BinaryCopy, ct);
            var counts = check.CreatedPerUnion();
            db.Record(now, AuditTrail.Officer, officer.OfficerId, "MemberImport", importId, "membership.members.imported",
                to: check.ToCreate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                reason: $"文件 {fileName ?? "（请求正文）"}，SHA-256 {digest}；共 {check.Rows} 行，新增 {check.ToCreate} 名会员（{counts.Count} 个工会），已在册 {check.Unchanged} 名",
                unionId: officer.UnionId);
            foreach (var (unionId, count) in counts)
            {
                db.Record(now, AuditTrail.Officer, officer.OfficerId, "MemberImport", importId, "membership.members.imported_into",
                    to: count.ToString(System.Globalization.CultureInfo.InvariantCulture), reason: $"导入存量会员 {count} 名（文件 SHA-256 {digest[..16]}…）", unionId: unionId);
            }

            await db.SaveChangesAsync(ct);
            await db.Database.CommitTransactionAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            if (db.Database.CurrentTransaction is not null)
            {
                await db.Database.RollbackTransactionAsync(CancellationToken.None);
            }

            throw DomainException.Conflict("membership.import.conflict", "导入期间会员名册有变化（有身份证号或手机号刚被登记为会员），未导入任何会员，请重新检查后导入");
        }

        return report with { ImportId = importId };
    }

    /// <summary>
    /// The second pass, inside one transaction left open for the caller's audit records: takes each union's number sequence
    /// for all its new members in one UPDATE, then streams the new members to the writer.
    /// </summary>
    private static async Task WriteAsync(
        Stream file, string format, DateOnly today, MemberImportCheck check, Guid importId, DateTime now, AppDbContext db, FieldProtector protector, bool binaryCopy,
        CancellationToken ct)
    {
        await db.Database.BeginTransactionAsync(ct);
        var numbering = new Dictionary<Guid, (Union Union, int Next)>();
        foreach (var (unionId, count) in check.CreatedPerUnion())
        {
            await db.Unions.Where(u => u.Id == unionId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.NextMemberSequence, u => u.NextMemberSequence + count), ct);
            var union = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == unionId, ct);
            numbering[unionId] = (union, union.NextMemberSequence - count);
        }

        IEnumerable<Member> NewMembers()
        {
            foreach (var line in Lines(file, format, today))
            {
                var row = line.Parsed ?? throw new InvalidOperationException("the file changed between the two passes");
                var idHash = protector.LookupHash(row.IdNumber);
                if (check.IsUnchanged(idHash))
                {
                    continue;
                }

                var unionId = check.UnionOf(row.UnionCode)!.Id;
                var (union, next) = numbering[unionId];
                numbering[unionId] = (union, next + 1);
                yield return Member.Imported(Guid.CreateVersion7(), importId, union, row.JoinedOn, next, row.Name, protector.Protect(row.IdNumber), idHash,
                    protector.Protect(row.Phone), protector.LookupHash(row.Phone), row.ExternalNumber, now);
            }
        }

        var written = await MemberBulkWriter.WriteAsync(db, NewMembers(), ct, binaryCopy);
        if (written != check.ToCreate)
        {
            throw new InvalidOperationException($"wrote {written} members, planned {check.ToCreate}");
        }
    }

    private static IEnumerable<MemberSheetLine> Lines(Stream file, string format, DateOnly today)
    {
        file.Position = 0;
        return MemberSheet.Read(format == "xlsx" ? Xlsx.Read(file) : Csv.Read(file), today);
    }

    private static async Task<string> Sha256Async(Stream file, CancellationToken ct)
    {
        file.Position = 0;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }
}
