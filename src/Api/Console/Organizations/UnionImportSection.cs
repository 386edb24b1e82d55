using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Organizations;
using Changai.Domain.Data;

namespace Changai.Api.OfficerConsole.Organizations;

/// <summary>
/// 工会组织 → 导入工会: download the template, upload the union office's sheet, read the dry-run report (every broken cell by
/// row and column, or what would be created and updated), then import for real. The import is the API's own
/// (<see cref="ImportUnions"/>), with its scope: only beneath the officer's union.
/// </summary>
public sealed class UnionImportSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("导入工会", ConsoleSetup.BasePath + "/unions/import", Policies.ManageUnions, 71);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/unions/import").RequireAuthorization(Policies.ManageUnions);
        group.MapGet("/", () => ConsolePages.Render(new UnionImportPage.Data { }));
        group.MapGet("/template", (string? format) => ImportUnions.Template(new Infrastructure.SheetUploads.TemplateQuery(format == "csv" ? "csv" : "xlsx")));
        group.MapPost("/", Import).WithMetadata(new Infrastructure.SheetUploads.UploadSizeLimit(ImportUnions.MaxFileBytes));
    }

    private static Task<IResult> Import(HttpContext http, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct) =>
        SheetImportForm.RunAsync(http, "请选择要导入的 XLSX 或 CSV 工会名单文件",
            async (file, dryRun) =>
            {
                using var buffer = await SheetImportForm.BufferAsync(file, ct);
                return await ImportUnions.ImportAsync(buffer, dryRun, officer, db, time, ct);
            },
            report => report.Errors.Count,
            report => report.DryRun
                ? $"检查通过：将新增 {report.Created} 个、修改 {report.Updated} 个工会，{report.Unchanged} 个未变。确认无误后请再次选择该文件并点击“确认导入”。"
                : $"已导入：新增 {report.Created} 个，修改 {report.Updated} 个，未变 {report.Unchanged} 个工会。",
            (import, status) => ConsolePages.Render(new UnionImportPage.Data { Import = import }, status));
}
