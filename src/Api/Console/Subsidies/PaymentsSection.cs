using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴发放 (finance): the approved applications awaiting payment, recording one payment, importing a bank's CSV with the
/// report row by row, and the CSV exports. All of it is the API's (<see cref="Payments"/>, <see cref="OfficerSubsidyApplications"/>):
/// scope, the audit of every payment and export, the worker's notice, ID numbers masked except in finance's full export.
/// </summary>
public sealed class PaymentsSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("补贴发放", ConsoleSetup.BasePath + "/subsidies/payments", Policies.Finance, 22);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/subsidies/payments").RequireAuthorization(Policies.Finance);
        group.MapGet("/", (HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time, CancellationToken ct, string? done) =>
            PageAsync(http, officer, db, scope, protector, counts, time, ct, done: done == "paid" ? "已登记发放，申请人将收到到账提醒。" : null));
        group.MapGet("/export", PaymentsTable.Export);
        group.MapPost("/import", Import);
        group.MapPost("/{id:guid}", Record);

        // Exports are for reviewers as over the API; full ID numbers only for finance (the handler refuses others).
        console.MapGet("/subsidies/export", Export).RequireAuthorization(Policies.ReviewSubsidies);
    }

    /// <summary>The page with the list the request's query string asks for (a form post re-renders the first page of 待发放).</summary>
    private static async Task<IResult> PageAsync(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time, CancellationToken ct,
        string? done = null, string? error = null, Payments.ImportReport? report = null, string? fileName = null, int status = StatusCodes.Status200OK)
    {
        var (table, query) = PaymentsTable.Read(http.Request);
        return ConsolePages.Render(new PaymentsPage.Data
        {
            Table = table, Unions = await TableExport.UnionOptionsAsync(db, scope, officer, membersOnly: false, ct),
            Approved = await OfficerSubsidyApplications.ListAsync(query, officer, db, scope, protector, counts, time, ct), Today = ChinaTime.Today(time),
            Done = done, Error = error, Report = report, FileName = fileName,
        }, status);
    }

    private static async Task<IResult> Record(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var paidOn = DateOnly.TryParseExact(form.Text("paidOn"), "yyyy-MM-dd", out var date) ? date : default;
        return await FormAction.RunAsync(http, new Payments.Request(id, paidOn, form.Text("transferReference") ?? ""),
            async request =>
            {
                await Payments.RecordAsync(request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther("/subsidies/payments?done=paid");
            },
            (errors, status) => PageAsync(http, officer, db, scope, protector, counts, time, ct, error: "登记发放：" + errors.First, status: status));
    }

    private static async Task<IResult> Import(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time, CancellationToken ct)
    {
        var file = (await ConsolePages.FormAsync(http)).Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return await PageAsync(http, officer, db, scope, protector, counts, time, ct, error: "请选择要导入的发放 CSV 文件", status: StatusCodes.Status400BadRequest);
        }

        // Each row is recorded on its own (the report says which were not, and why); only an unreadable file is refused.
        return await FormAction.RunAsync(http,
            async () =>
            {
                await using var upload = file.OpenReadStream();
                var report = await Payments.ImportAsync(upload, officer, db, scope, time, ct);
                return await PageAsync(http, officer, db, scope, protector, counts, time, ct, report: report, fileName: file.FileName,
                    done: report.Failed == 0 ? $"已导入：{report.Succeeded} 笔均已登记发放。" : null,
                    error: report.Failed > 0 ? $"{report.Failed} 行未能登记（见下表原因），其余 {report.Succeeded} 笔已登记发放。修改后可只导入这些行。" : null);
            },
            (errors, status) => PageAsync(http, officer, db, scope, protector, counts, time, ct, error: errors.First, fileName: file.FileName, status: status));
    }

    private static Task<IResult> Export(
        HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct, Guid? programId, string? status, bool full = false)
    {
        var parsed = status switch
        {
            "approved" => SubsidyStatus.Approved,
            "paid" => SubsidyStatus.Paid,
            _ => (SubsidyStatus?)null,
        };
        return Payments.Export(new Payments.ExportQuery(programId, parsed, full), http, db, scope, protector, time, ct);
    }

    /// <summary>Whether the signed-in officer may export full ID numbers (the handler decides; the page only hides the link).</summary>
    public static bool IsFinance(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(Policies.PermissionClaim, nameof(OfficerPermissions.Finance));
}
