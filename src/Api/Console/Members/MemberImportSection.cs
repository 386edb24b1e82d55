using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Organizations;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.OfficerConsole.Members;

/// <summary>
/// 会员名册 → 导入存量会员: the template, the union's roster uploaded, the dry-run report (every broken cell by row and
/// column, or how many would be added), then the import. The import is the API's own (<see cref="ImportMembers"/>), with
/// its scope, encryption and audit; the roster page lists the register of the officer's branch, masked.
/// </summary>
public sealed class MemberImportSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("会员名册", ConsoleSetup.BasePath + "/members", Policies.ReviewMembership, 12);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/members").RequireAuthorization(Policies.ReviewMembership);
        RosterPages.Map(group);
        group.MapGet("/import", () => ConsolePages.Render(new MemberImportPage.Data { }));
        group.MapGet("/import/template", async (string? format, OfficerContext officer, AppDbContext db, CancellationToken ct) =>
            ImportMembers.TemplateFile(format == "csv" ? "csv" : "xlsx", await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Code).SingleAsync(ct)));
        group.MapPost("/import", Import).WithMetadata(new Infrastructure.SheetUploads.UploadSizeLimit(ImportMembers.MaxFileBytes));
    }

    private static Task<IResult> Import(
        HttpContext http, OfficerContext officer, AppDbContext db, FieldProtector protector, IOptions<MemberImportOptions> options, TimeProvider time, CancellationToken ct) =>
        SheetImportForm.RunAsync(http, "请选择要导入的 XLSX 或 CSV 会员名单文件",
            async (file, dryRun) =>
            {
                // The form reader keeps an upload above 64 KB in a temporary file: seekable, and not in memory.
                await using var upload = file.OpenReadStream();
                return await ImportMembers.ImportAsync(upload, file.FileName, dryRun, officer, db, protector, options.Value, time, ct);
            },
            report => report.ErrorCount,
            report => report.DryRun
                ? $"检查通过：将新增 {report.Created} 名会员，{report.Unchanged} 名已在册（不变）。确认无误后请再次选择该文件并点击“确认导入”。"
                : $"已导入：新增 {report.Created} 名会员，{report.Unchanged} 名已在册（不变）。",
            (import, status) => ConsolePages.Render(new MemberImportPage.Data { Import = import }, status));
}
