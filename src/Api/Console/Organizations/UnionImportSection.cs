using Changai.Api.Infrastructure.Security;
using Changai.Api.Organizations;
using Changai.Domain.Data;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<IResult> Import(HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var form = await ConsolePages.FormAsync(http);
        var dryRun = form.Text("mode") != "import";
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return ConsolePages.Render(new UnionImportPage.Data { Error = "请选择要导入的 XLSX 或 CSV 工会名单文件" }, StatusCodes.Status400BadRequest);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await ImportUnions.ImportAsync(buffer, dryRun, officer, db, time, ct);
        switch (outcome.Result)
        {
            case Ok<ImportUnions.Report> ok:
                var report = ok.Value!;
                var done = report.DryRun
                    ? (report.Errors.Count == 0 ? $"检查通过：将新增 {report.Created} 个、修改 {report.Updated} 个工会，{report.Unchanged} 个未变。确认无误后请再次选择该文件并点击“确认导入”。" : null)
                    : $"已导入：新增 {report.Created} 个，修改 {report.Updated} 个，未变 {report.Unchanged} 个工会。";
                var error = report.Errors.Count > 0 ? $"检查发现 {report.Errors.Count} 处错误，请修改文件后重新上传（有任何错误都不会导入）。" : null;
                return ConsolePages.Render(new UnionImportPage.Data { Report = report, FileName = file.FileName, Done = done, Error = error });
            case ProblemHttpResult problem:
                var rows = problem.ProblemDetails.Extensions.TryGetValue("errors", out var e) && e is IDictionary<string, string[]> errors && errors.TryGetValue("rows", out var r)
                    ? r : [];
                return ConsolePages.Render(new UnionImportPage.Data { Error = problem.ProblemDetails.Detail, Lines = (IReadOnlyList<string>)rows, FileName = file.FileName },
                    problem.StatusCode);
            default:
                throw new InvalidOperationException("unexpected import outcome");
        }
    }
}
