using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴发放's list as a console table (<see cref="DataTable"/>): approved (待发放) or paid (已发放) applications of the
/// subtree, by union, submission dates and applicant, sortable by applicant, amount or submission, page size and jump, and
/// the masked XLSX export. The bank's full-ID-number CSV stays finance's own export (<see cref="Payments.Export"/>).
/// </summary>
public static class PaymentsTable
{
    public const string Path = ConsoleSetup.BasePath + "/subsidies/payments";

    public static readonly IReadOnlyList<string> SortKeys = ["applicant", "amount", "submittedAt"];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["status"] = "状态", ["union"] = "所属工会", ["from"] = "提交日期（起）", ["to"] = "提交日期（止）", ["q"] = "申请人姓名",
        ["sort:applicant"] = "申请人", ["sort:amount"] = "金额", ["sort:submittedAt"] = "提交时间",
    };

    public static IReadOnlyList<DataTable.Option> StatusOptions { get; } =
        [new(nameof(SubsidyStatus.Approved), "待发放"), new(nameof(SubsidyStatus.Paid), "已发放")];

    public static (TableQuery Table, OfficerSubsidyApplications.Query Query) Read(HttpRequest request)
    {
        var table = TableQuery.Read(request, Path, SortKeys);
        var status = table.Status == nameof(SubsidyStatus.Paid) ? SubsidyStatus.Paid : SubsidyStatus.Approved;
        var query = new OfficerSubsidyApplications.Query(
            "all", null, status, table.Page, table.PageSize, table.Union, table.Keyword, table.FromText, table.ToText, table.SortParameter);
        return (table, query);
    }

    public static async Task<IResult> Export(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        return TableExport.Refused(table) ?? await TableExport.ListAsync(db, scope, officer, time, table, Labels, "补贴发放", "subsidies.payments.exported",
                ["申请人", "身份证号", "手机号", "补贴项目", "所属工会", "状态", "金额", "提交时间"],
                size => OfficerSubsidyApplications.ListAsync(query with { Page = 1, PageSize = size }, officer, db, scope, protector, null, time, ct),
                a => [a.ApplicantName ?? "", a.IdNumberMasked, a.PhoneMasked, a.Program.Name, a.Union.Name, a.StatusText, a.AmountText ?? "",
                      ConsoleFormat.Time(a.SubmittedAt)], ct, statuses: StatusOptions);
    }
}
