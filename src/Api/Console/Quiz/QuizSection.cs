using Changai.Api.Infrastructure.Security;
using Changai.Api.Quiz;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changai.Api.OfficerConsole.Quiz;

/// <summary>
/// 知识竞答: the campaigns organised in the officer's subtree (create and edit a draft, publish, figures, prize draw: see
/// <see cref="CampaignActions"/>) and the question bank import with its per-row report. The
/// import, the campaign list and the scope are the API's own (<see cref="ImportQuestions"/>, <see cref="OfficerCampaigns"/>,
/// <see cref="QuizScope"/>): a campaign outside the subtree is "not found" here as there.
/// </summary>
public sealed class QuizSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("知识竞答", ConsoleSetup.BasePath + "/quiz", Policies.ManageQuiz, 40);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/quiz").RequireAuthorization(Policies.ManageQuiz);
        group.MapGet("/", Campaigns);
        group.MapGet("/campaigns/{id:guid}", Campaign);
        group.MapGet("/campaigns/new", CampaignActions.New);
        group.MapPost("/campaigns", CampaignActions.Create);
        group.MapGet("/campaigns/{id:guid}/edit", CampaignActions.Edit);
        group.MapPost("/campaigns/{id:guid}", CampaignActions.Update);
        group.MapPost("/campaigns/{id:guid}/publish", CampaignActions.Publish);
        group.MapGet("/campaigns/{id:guid}/figures", CampaignActions.Figures);
        group.MapGet("/campaigns/{id:guid}/figures/export", CampaignActions.ExportFigures);
        group.MapPost("/campaigns/{id:guid}/draw", CampaignActions.Draw);
        group.MapGet("/campaigns/{id:guid}/draw", CampaignActions.DrawRecord);
        group.MapGet("/import", () => ConsolePages.Render(new ImportPage.Data { }));
        group.MapPost("/import", Import);
    }

    private static async Task<IResult> Campaigns(
        OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct, string? phase, int page = 1)
    {
        var parsed = Enum.TryParse<CampaignPhase>(phase, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : (CampaignPhase?)null;
        var query = new OfficerCampaigns.Query(parsed, Math.Max(page, 1));
        var result = await OfficerCampaigns.ListAsync(query, officer, db, scope, protector, time, ct);
        return ConsolePages.Render(new CampaignsPage.Data { Query = query, Result = result });
    }

    private static async Task<IResult> Campaign(
        Guid id, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct, string? done)
    {
        var notice = done switch
        {
            "created" => "已保存为草稿。确认设置无误后请点击“发布”。",
            "updated" => "草稿已修改。",
            "published" => "已发布：设置已冻结，抽奖种子的哈希已公布。",
            _ => null,
        };
        return ConsolePages.Render(new CampaignPage.Data { Campaign = await OfficerCampaigns.GetAsync(id, officer, db, protector, time, ct), Done = notice });
    }

    private static async Task<IResult> Import(HttpContext http, OfficerContext officer, AppDbContext db, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var dryRun = form.Text("mode") != "import";
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return ConsolePages.Render(new ImportPage.Data { Error = "请选择要导入的 CSV 或 XLSX 题目文件" }, StatusCodes.Status400BadRequest);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await ImportQuestions.ImportAsync(buffer.ToArray(), dryRun, officer, db, cache, time, ct);
        switch (outcome.Result)
        {
            case Ok<ImportQuestions.Report> { Value: { } report }:
                var done = report.DryRun
                    ? (report.Errors.Count == 0 ? $"检查通过：{report.Rows} 行均可导入。确认无误后请再次选择该文件并点击“正式导入”。" : null)
                    : $"已导入：新增 {report.Created} 道，修改 {report.Updated} 道，未变 {report.Unchanged} 道。";
                var error = report.Errors.Count > 0 ? $"检查发现 {report.Errors.Count} 处错误，请修改文件后重新上传（正式导入时有任何错误都不会导入）。" : null;
                return ConsolePages.Render(new ImportPage.Data { Report = report, FileName = file.FileName, Done = done, Error = error });
            case ProblemHttpResult problem:
                var rows = problem.ProblemDetails.Extensions.TryGetValue("errors", out var e) && e is IDictionary<string, string[]> errors && errors.TryGetValue("rows", out var r)
                    ? r : [];
                return ConsolePages.Render(new ImportPage.Data { Error = problem.ProblemDetails.Detail, Rows = (IReadOnlyList<string>)rows, FileName = file.FileName },
                    problem.StatusCode);
            default:
                throw new InvalidOperationException("unexpected import outcome");
        }
    }
}
