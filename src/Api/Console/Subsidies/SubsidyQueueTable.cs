using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;
using FluentValidation;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴审核's list as a console table (<see cref="DataTable"/>): the view (本级待审 / 辖区全部), status, union, submission
/// dates and applicant, sortable by deadline, submission, amount or applicant, page size and jump, and the masked XLSX export.
/// </summary>
public static class SubsidyQueueTable
{
    public const string Path = ConsoleSetup.BasePath + "/subsidies";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["view"] = "视图", ["status"] = "状态", ["union"] = "受理工会", ["from"] = "提交日期（起）", ["to"] = "提交日期（止）", ["q"] = "申请人姓名",
        ["sort:dueAt"] = "审核期限", ["sort:submittedAt"] = "提交时间", ["sort:amount"] = "金额", ["sort:applicant"] = "申请人",
    };

    public static (TableQuery Table, OfficerSubsidyApplications.Query Query) Read(HttpRequest request)
    {
        var table = TableQuery.Read(request, Path, OfficerSubsidyApplications.SortKeys, "view");
        SubsidyStatus? status = Enum.TryParse<SubsidyStatus>(table.Status, ignoreCase: true, out var s) && Enum.IsDefined(s) && s != SubsidyStatus.Draft ? s : null;
        var query = new OfficerSubsidyApplications.Query(
            table["view"] == "all" ? "all" : "queue", null, status, table.Page, table.PageSize, table.Union, table.Keyword,
            table.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), table.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            table.SortParameter);
        return (table, query);
    }

    public static async Task<IResult> Export(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time,
        IValidator<OfficerSubsidyApplications.Query> validator, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        await TableQuery.EnsureValidAsync(validator, query, ct);

        return await TableExport.ListAsync(db, scope, officer, time, table, Labels, "补贴申请", "subsidies.applications.exported",
            ["申请人", "身份证号", "手机号", "补贴项目", "受理工会", "状态", "当前审核", "金额", "提交时间", "审核期限"],
            size => OfficerSubsidyApplications.ListAsync(query with { Page = 1, PageSize = size }, officer, db, scope, protector, null, time, ct),
            a => [a.ApplicantName ?? "", a.IdNumberMasked, a.PhoneMasked, a.Program.Name, a.Union.Name, a.StatusText, a.CurrentLevelText ?? "",
                  a.AmountText ?? "", ConsoleFormat.Time(a.SubmittedAt), ConsoleFormat.Time(a.DueAt)], ct, statuses: StatusOptions);
    }

    public static IReadOnlyList<DataTable.Option> StatusOptions { get; } =
        [new("", "全部状态"), .. Enum.GetValues<SubsidyStatus>().Where(s => s != SubsidyStatus.Draft).Select(s => new DataTable.Option(s.ToString(), SubsidyStatusNames.Of(s)))];
}
