using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using FluentValidation;

namespace Changai.Api.OfficerConsole.Membership;

/// <summary>
/// 入会审核's list as a console table (<see cref="DataTable"/>): status, union, submission dates and name, sorted by
/// submission time (the one order the queue's index serves), page size and jump, and the masked XLSX export.
/// </summary>
public static class ReviewQueueTable
{
    public const string Path = ConsoleSetup.BasePath + "/membership";

    public static readonly IReadOnlyList<string> SortKeys = ["submittedAt"];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["status"] = "状态", ["union"] = "受理工会", ["from"] = "提交日期（起）", ["to"] = "提交日期（止）", ["q"] = "申请人姓名", ["sort:submittedAt"] = "提交时间",
    };

    public static (TableQuery Table, OfficerApplications.Query Query) Read(HttpRequest request)
    {
        var table = TableQuery.Read(request, Path, SortKeys);
        var status = Enum.TryParse<ApplicationStatus>(table.Status, ignoreCase: true, out var s) ? s : ApplicationStatus.Submitted;
        var query = new OfficerApplications.Query(
            status, table.Union, table.SortParameter, table.Page, table.PageSize, table.Keyword, null,
            table.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), table.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return (table, query);
    }

    public static async Task<IResult> Export(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time,
        IValidator<OfficerApplications.Query> validator, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        await TableQuery.EnsureValidAsync(validator, query, ct);

        return await TableExport.ListAsync(db, scope, officer, time, table, Labels, "入会申请", "membership.applications.exported",
            ["申请人", "身份证号", "手机号", "受理工会", "入会方式", "状态", "提交时间", "已等待（天）"],
            size => OfficerApplications.ListAsync(query with { Page = 1, PageSize = size }, officer, db, scope, protector, time, ct),
            a => [a.ApplicantName, a.IdNumberMasked, a.PhoneMasked, a.Union.Name, Channel(a.Channel), a.StatusText, ConsoleFormat.Time(a.SubmittedAt),
                  a.WaitingDays.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct, statuses: ReviewQueuePage.StatusOptions);
    }

    public static string Channel(JoinChannel channel) => channel == JoinChannel.EmployerUnion ? "单位工会" : "区域性/行业工会";
}
