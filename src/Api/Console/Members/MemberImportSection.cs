using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.Organizations;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
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
        group.MapGet("/import", () => ConsolePages.Render<MemberImportPage>(new { }));
        group.MapGet("/import/template", async (string? format, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        {
            var officer = await scope.ForAsync(http.User, ct);
            return ImportMembers.TemplateFile(format == "csv" ? "csv" : "xlsx", await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Code).SingleAsync(ct));
        });
        group.MapPost("/import", Import).WithMetadata(new Infrastructure.SheetUploads.UploadSizeLimit(ImportMembers.MaxFileBytes));
    }

    private static async Task<IResult> Import(
        HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, IOptions<MemberImportOptions> options, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var form = await ConsolePages.FormAsync(http);
        var dryRun = form.Text("mode") != "import";
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return ConsolePages.Render<MemberImportPage>(new { Error = "请选择要导入的 XLSX 或 CSV 会员名单文件" }, StatusCodes.Status400BadRequest);
        }

        await using var upload = file.OpenReadStream();
        var outcome = await ImportMembers.ImportAsync(upload, file.FileName, dryRun, officer, db, protector, options.Value, time, ct);
        switch (outcome.Result)
        {
            case Ok<ImportMembers.Report> ok:
                var report = ok.Value!;
                var done = report.DryRun
                    ? (report.ErrorCount == 0 ? $"检查通过：将新增 {report.Created} 名会员，{report.Unchanged} 名已在册（不变）。确认无误后请再次选择该文件并点击“确认导入”。" : null)
                    : $"已导入：新增 {report.Created} 名会员，{report.Unchanged} 名已在册（不变）。";
                var error = report.ErrorCount > 0 ? $"检查发现 {report.ErrorCount} 处错误，请修改文件后重新上传（有任何错误都不会导入）。" : null;
                return ConsolePages.Render<MemberImportPage>(new { Report = report, FileName = file.FileName, Done = done, Error = error });
            case ProblemHttpResult problem:
                var rows = problem.ProblemDetails.Extensions.TryGetValue("errors", out var e) && e is IDictionary<string, string[]> errors && errors.TryGetValue("rows", out var r)
                    ? r : [];
                return ConsolePages.Render<MemberImportPage>(new { Error = problem.ProblemDetails.Detail, Lines = (IReadOnlyList<string>)rows, FileName = file.FileName },
                    problem.StatusCode);
            default:
                throw new InvalidOperationException("unexpected import outcome");
        }
    }
}
