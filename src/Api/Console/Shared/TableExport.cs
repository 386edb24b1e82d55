using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>
/// The XLSX export of a filtered console list: the one spreadsheet writer (<see cref="Xlsx"/>, with its formula rule),
/// masked data as the page shows it, a cap of <see cref="TableQuery.ExportLimit"/> rows, and one audit record per export
/// naming the filter and the row count. Also the union picker of every list (the officer's subtree).
/// </summary>
public static class TableExport
{
    /// <param name="total">How many rows the filter matches (counted before the rows are read).</param>
    /// <param name="rows">Reads the rows (at most <see cref="TableQuery.ExportLimit"/>), already masked.</param>
    public static async Task<IResult> XlsxAsync(
        AppDbContext db, OfficerContext officer, TimeProvider time, string title, string action, string filter, int total,
        IReadOnlyList<string> header, Func<Task<IReadOnlyList<IReadOnlyList<string>>>> rows, CancellationToken ct)
    {
        if (total > TableQuery.ExportLimit)
        {
            return ConsolePages.Error(StatusCodes.Status400BadRequest, "导出数量超过上限",
                $"符合条件的记录共 {total:N0} 条，超过单次导出上限 {TableQuery.ExportLimit:N0} 条。请缩小查询条件（如选择工会或日期范围）后分批导出。");
        }

        var data = await rows();
        var now = time.GetUtcNow().UtcDateTime;
        // The subject is the officer's own union: the export covers (part of) its subtree.
        db.Record(now, AuditTrail.Officer, officer.OfficerId, "Union", officer.UnionId, action,
            reason: $"{filter}；导出 {data.Count} 行（个人信息脱敏）", unionId: officer.UnionId);
        await db.SaveChangesAsync(ct);
        var bytes = Xlsx.Write(title, [header, .. data]);
        var day = Domain.Common.ChinaTime.ToChina(now).ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(bytes, Xlsx.ContentType, $"{title}-{day}.xlsx");
    }

    /// <summary>The error page for an export whose filter could not be read (a date that is no date); null when it could.</summary>
    public static IResult? Refused(TableQuery table) => table.Errors.Count == 0 ? null
        : ConsolePages.Error(StatusCodes.Status400BadRequest, "查询条件有误", string.Join("；", table.Errors) + "。请返回修正查询条件后再导出。");

    /// <summary>
    /// The export of a list read through its use case: <paramref name="list"/> is asked once for the count (a page of one) and
    /// once for the rows (a page of <see cref="TableQuery.ExportLimit"/>); the audit record names the filter with the union
    /// chosen by its name. Every console list exports through this.
    /// </summary>
    /// <param name="list">The list's use case for a page size (page 1, the filter the officer chose).</param>
    /// <param name="row">One item as the sheet's cells, already masked.</param>
    /// <param name="membersOnly">Whether the list's union picker offers only unions that take members.</param>
    /// <param name="of">What the list is of, when the address says it (a session's roster): named first in the audit record.</param>
    public static async Task<IResult> ListAsync<TItem>(
        AppDbContext db, OfficerScope scope, OfficerContext officer, TimeProvider time, TableQuery table, IReadOnlyDictionary<string, string> labels,
        string title, string action, IReadOnlyList<string> header, Func<int, Task<Domain.Common.PagedResult<TItem>>> list, Func<TItem, IReadOnlyList<string>> row,
        CancellationToken ct, bool membersOnly = false, string? of = null, IReadOnlyList<DataTable.Option>? statuses = null)
    {
        var count = await list(1);
        var unions = (await UnionOptionsAsync(db, scope, officer, membersOnly, ct)).ToDictionary(u => u.Id, u => u.Name);
        var filter = table.Describe(labels, u => unions.GetValueOrDefault(u), statuses);
        return await XlsxAsync(db, officer, time, title, action, of is null ? filter : $"{of}；{filter}", count.Total, header,
            async () => [.. (await list(TableQuery.ExportLimit)).Items.Select(row)], ct);
    }

    /// <summary>The unions of the officer's subtree for a list's picker, in tree order; <paramref name="membersOnly"/>: those that take members.</summary>
    public static async Task<IReadOnlyList<DataTable.UnionOption>> UnionOptionsAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, bool membersOnly, CancellationToken ct) =>
        await scope.UnionsWithin(officer).AsNoTracking()
            .Where(u => u.ClosedAt == null && (!membersOnly || u.AcceptsMembers))
            .OrderBy(u => u.Path).Take(2000)
            .Select(u => new DataTable.UnionOption(u.Id, u.Name))
            .ToListAsync(ct);
}
