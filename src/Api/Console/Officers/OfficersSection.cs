using Changai.Api.Identity;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

using Changai.Api.OfficerConsole.Shared;

namespace Changai.Api.OfficerConsole.Officers;

/// <summary>干部账号: officers with ManageOfficers create accounts in their subtree, reset passwords, disable and unlock (<see cref="OfficerAccounts"/>).</summary>
public sealed class OfficersSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("干部账号", ConsoleSetup.BasePath + "/officers", Policies.ManageOfficers, 80);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/officers").RequireAuthorization(Policies.ManageOfficers);
        group.MapGet("/", List);
        group.MapGet("/new", NewForm);
        group.MapGet("/import", () => ConsolePages.Render(new OfficerImportPage.Data { }));
        group.MapGet("/import/template", (string? format) => ImportOfficers.Template(new Infrastructure.SheetUploads.TemplateQuery(format == "csv" ? "csv" : "xlsx")));
        group.MapPost("/import", Import).WithMetadata(new Infrastructure.SheetUploads.UploadSizeLimit(ImportOfficers.MaxFileBytes));
        group.MapPost("/", Create);
        group.MapPost("/{id:guid}/reset-password", async (Guid id, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            ConsolePages.Render(new IssuedPage.Data { Issued = await OfficerAccounts.ResetPasswordAsync(id, officer, db, time, ct), Created = false }));
        group.MapPost("/{id:guid}/disable", (Guid id, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            Change("disabled", OfficerAccounts.SetDisabledAsync(id, true, officer, db, time, ct)));
        group.MapPost("/{id:guid}/enable", (Guid id, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            Change("enabled", OfficerAccounts.SetDisabledAsync(id, false, officer, db, time, ct)));
        group.MapPost("/{id:guid}/unlock", (Guid id, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            Change("unlocked", OfficerAccounts.UnlockAsync(id, officer, db, time, ct)));
    }

    private static async Task<IResult> List(
        OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct, string? q, string? done, int page = 1)
    {
        var query = new OfficerAccounts.Query(q?.Trim() is { Length: > 0 and <= 32 } keyword ? keyword : null, Math.Max(page, 1));
        var result = await OfficerAccounts.ListAsync(query, officer, db, scope, protector, time, ct);
        var notice = done switch
        {
            "disabled" => "账号已停用：该账号无法再登录，已登录的会话和小程序令牌已失效。",
            "enabled" => "账号已启用。",
            "unlocked" => "已解除锁定，该干部可以重新登录。",
            _ => null,
        };
        return ConsolePages.Render(new OfficersPage.Data { Query = query, Result = result, Done = notice });
    }

    /// <summary>
    /// 导入干部账号: the dry run (every broken cell by row and column) or the import; the new accounts' activation codes are on
    /// the answer page only, shown this once (<see cref="ImportOfficers"/>).
    /// </summary>
    private static Task<IResult> Import(HttpContext http, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        SheetImportForm.RunAsync(http, "请选择要导入的 XLSX 或 CSV 干部账号名单文件",
            async (file, dryRun) =>
            {
                using var buffer = await SheetImportForm.BufferAsync(file, ct);
                return await ImportOfficers.ImportAsync(buffer, dryRun, officer, db, protector, time, ct);
            },
            report => report.Errors.Count,
            report => report.DryRun
                ? $"检查通过：将新增 {report.Created} 个、修改 {report.Updated} 个账号，{report.Unchanged} 个未变。确认无误后请再次选择该文件并点击“确认导入”。"
                : $"已导入：新增 {report.Created} 个，修改 {report.Updated} 个，未变 {report.Unchanged} 个账号。",
            (import, status) => ConsolePages.Render(new OfficerImportPage.Data { Import = import }, status));

    private static async Task<IResult> NewForm(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        ConsolePages.Render(await FormModelAsync(officer, db, scope, ct));

    private static async Task<IResult> Create(HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var permissions = form["permission"].Select(p => Enum.TryParse<OfficerPermissions>(p, out var value) ? value : OfficerPermissions.None)
            .Aggregate(OfficerPermissions.None, (all, p) => all | p);
        var request = new OfficerAccounts.CreateRequest(form.Text("username") ?? "", form.Text("displayName") ?? "",
            Guid.TryParse(form.Text("unionId"), out var unionId) ? unionId : Guid.Empty, permissions);
        return await FormAction.RunAsync(http, request,
            async request => ConsolePages.Render(new IssuedPage.Data { Issued = await OfficerAccounts.CreateAsync(request, officer, db, time, ct), Created = true }),
            async (errors, status) => ConsolePages.Render(await FormModelAsync(officer, db, scope, ct) with { Request = request, Error = errors.First }, Unprocessable(status)),
            fieldOf: e => e.Kind == DomainErrorKind.NotFound ? "unionId" : null);
    }

    /// <summary>
    /// A union outside the administrator's subtree or a permission they do not hold is a value of the form, not the page the
    /// officer asked for: the form answers 422 rather than the 404/403 of a refused address (no API endpoint creates accounts).
    /// </summary>
    private static int Unprocessable(int status) =>
        status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound ? StatusCodes.Status422UnprocessableEntity : status;

    private static async Task<NewOfficerPage.Data> FormModelAsync(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var held = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.Permissions).SingleAsync(ct);
        var unions = await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.ClosedAt == null).OrderBy(u => u.Path).Take(1000)
            .Select(u => new NewOfficerPage.UnionOption(u.Id, u.Name, u.Depth)).ToListAsync(ct);
        return new NewOfficerPage.Data { Unions = unions, Grantable = OfficerAccountRules.Singles.Where(p => held.HasFlag(p)).ToList() };
    }

    private static async Task<IResult> Change(string done, Task change)
    {
        await change;
        return ConsolePages.SeeOther("/officers?done=" + done);
    }
}
