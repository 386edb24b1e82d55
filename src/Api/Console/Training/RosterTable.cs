using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Training;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Training;

namespace Changai.Api.OfficerConsole.Training;

/// <summary>
/// A session's roster as a console table (<see cref="DataTable"/>): enrolment status and the trainee's name, sortable by
/// name, enrolment or check-in, page size and jump, and the masked XLSX export (audited like every export).
/// </summary>
public static class RosterTable
{
    public static string PathOf(Guid sessionId) => $"{ConsoleSetup.BasePath}/training/sessions/{sessionId}";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["status"] = "报名状态", ["q"] = "姓名", ["sort:name"] = "姓名", ["sort:enrolledAt"] = "报名时间", ["sort:checkedInAt"] = "签到时间",
    };

    public static IReadOnlyList<DataTable.Option> StatusOptions { get; } =
        [new("", "全部有效报名"), .. TrainingEnrollment.ActiveStatuses.Select(s => new DataTable.Option(s.ToString(), TrainingNames.Of(s)))];

    public static (TableQuery Table, SessionRoster.Query Query) Read(HttpRequest request, Guid sessionId)
    {
        var table = TableQuery.Read(request, PathOf(sessionId), SessionRoster.SortKeys);
        EnrollmentStatus? status = Enum.TryParse<EnrollmentStatus>(table.Status, ignoreCase: false, out var s) && Enum.IsDefined(s) ? s : null;
        return (table, new SessionRoster.Query(status, table.Page, table.PageSize, table.Keyword, table.SortParameter));
    }

    public static async Task<IResult> Export(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var (table, query) = Read(http.Request, id);
        var roster = await SessionRoster.ListAsync(id, query with { Page = 1, PageSize = 1 }, officer, db, scope, protector, ct);
        return await TableExport.ListAsync(db, scope, officer, time, table, Labels, "培训报名名单", "training.enrollments.exported",
            ["姓名", "身份证号", "手机号", "工作单位", "报名状态", "候补序号", "报名时间", "签到时间"],
            async size =>
            {
                var page = await SessionRoster.ListAsync(id, query with { Page = 1, PageSize = size }, officer, db, scope, protector, ct);
                return new PagedResult<SessionRoster.Row>(page.Items, page.Page, page.PageSize, page.Total);
            },
            r => [r.Name, r.IdNumberMasked, r.PhoneMasked, r.Employer ?? "", r.StatusText, r.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "",
                  ConsoleFormat.Time(r.EnrolledAt), ConsoleFormat.Time(r.CheckedInAt)], ct, of: $"{roster.CourseTitle}（{roster.SessionTitle}）", statuses: StatusOptions);
    }
}
