using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Data;
using Changai.Domain.Privacy;

namespace Changai.Api.OfficerConsole.Members;

/// <summary>
/// 会籍认领's list as a console table (<see cref="DataTable"/>): pending or decided, the member's union, submission dates
/// and the claimant's name, sortable by name, submission or due day, page size and jump, and the masked XLSX export.
/// </summary>
public static class ClaimsTable
{
    public const string Path = ConsoleSetup.BasePath + "/members/claims";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["status"] = "状态", ["union"] = "会籍所在工会", ["from"] = "提交日期（起）", ["to"] = "提交日期（止）", ["q"] = "申请人姓名",
        ["sort:name"] = "申请人", ["sort:submittedAt"] = "提交时间", ["sort:dueOn"] = "核对期限",
    };

    public static IReadOnlyList<DataTable.Option> StatusOptions { get; } = [new("pending", "待核对"), new("decided", "已处理")];

    public static (TableQuery Table, OfficerClaims.Query Query) Read(HttpRequest request)
    {
        var table = TableQuery.Read(request, Path, OfficerClaims.SortKeys);
        var query = new OfficerClaims.Query(
            table.Status == "decided" ? OfficerClaims.Filter.Decided : OfficerClaims.Filter.Pending, table.Page, table.PageSize, table.Union,
            table.Keyword, table.FromText, table.ToText, table.SortParameter);
        return (table, query);
    }

    public static async Task<IResult> Export(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        return TableExport.Refused(table) ?? await TableExport.ListAsync(db, scope, officer, time, table, Labels, "会籍认领", "membership.claims.exported",
                ["申请人", "身份证号", "手机号", "会籍所在工会", "提交时间", "核对期限", "状态"],
                size => OfficerClaims.ListAsync(query with { Page = 1, PageSize = size }, officer, db, scope, protector, ct),
                c => [c.ClaimantName, c.IdNumberMasked, c.PhoneMasked, c.Union.Name, ConsoleFormat.Time(c.SubmittedAt),
                      c.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), c.StatusText], ct, membersOnly: true, statuses: StatusOptions);
    }
}
