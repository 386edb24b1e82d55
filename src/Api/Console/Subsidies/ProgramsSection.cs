using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴项目: the programmes of the officer's subtree with their budget committed and paid, and the form that creates or edits
/// one. Scope, validation, the rules a programme must satisfy and the audit are the API's (<see cref="ManagePrograms"/>'s core
/// methods, called with the officer bound once per request): a programme of another branch is "not found" here as there.
/// </summary>
public sealed class ProgramsSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("补贴项目", ConsoleSetup.BasePath + "/subsidies/programs", Policies.ManageSubsidies, 21);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/subsidies/programs").RequireAuthorization(Policies.ManageSubsidies);
        group.MapGet("/", List);
        group.MapGet("/new", (OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
            EditPageAsync(null, ProgramForm.Blank(ChinaTime.Today(time)), officer, db, scope, ct));
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Detail);
        group.MapPost("/{id:guid}", Update);
    }

    private static async Task<IResult> List(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        ConsolePages.Render(new ProgramsPage.Data { Programs = await ManagePrograms.ListAsync(officer, db, scope, ct) });

    private static async Task<IResult> Detail(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done)
    {
        var program = await ManagePrograms.DetailAsync(id, officer, db, scope, ct);
        var notice = done switch
        {
            "created" => "补贴项目已创建。职工在开始日期后即可在小程序中看到并申请。",
            "updated" => "修改已保存。",
            _ => null,
        };
        return await EditPageAsync(program, ProgramForm.From(program), officer, db, scope, ct, done: notice);
    }

    private static async Task<IResult> Create(HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var form = ProgramForm.From(await ConsolePages.FormAsync(http));
        var errors = new FormErrors();
        return await FormAction.RunAsync(http, form.ToCreate(errors),
            async request =>
            {
                var created = await ManagePrograms.CreateAsync(request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/subsidies/programs/{created.Id}?done=created");
            },
            (problems, status) => EditPageAsync(null, form, officer, db, scope, ct, problems.All, status),
            errors,
            // The owner picked may have left the officer's subtree meanwhile: the form says so rather than a 404 page.
            fieldOf: e => e.Code == "subsidies.union_not_found" ? "ownerUnionId" : null);
    }

    private static async Task<IResult> Update(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        // Not found (or another branch's) before anything else, as over the API.
        await ManagePrograms.DetailAsync(id, officer, db, scope, ct);
        var form = ProgramForm.From(await ConsolePages.FormAsync(http));
        var errors = new FormErrors();
        return await FormAction.RunAsync(http, form.ToUpdate(errors),
            async request =>
            {
                await ManagePrograms.UpdateAsync(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/subsidies/programs/{id}?done=updated");
            },
            async (problems, status) =>
                await EditPageAsync(await ManagePrograms.DetailAsync(id, officer, db, scope, ct), form, officer, db, scope, ct, problems.All, status),
            errors);
    }

    private static async Task<IResult> EditPageAsync(
        ManagePrograms.ProgramView? program, ProgramForm form, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct,
        IReadOnlyList<string>? problems = null, int status = StatusCodes.Status200OK, string? done = null)
    {
        var unions = program is not null
            ? []
            : await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.ClosedAt == null).OrderBy(u => u.Path).Take(1000)
                .Select(u => new ProgramEditPage.UnionOption(u.Id, u.Name, u.Depth)).ToListAsync(ct);
        var area = await db.Unions.AsNoTracking().Where(u => u.Id == officer.UnionId).Select(u => new { u.RegionCode, u.PrefectureCode }).SingleAsync(ct);
        return ConsolePages.Render(new ProgramEditPage.Data
        {
            Program = program, Form = form, Unions = unions, DefaultOwner = officer.UnionId, Problems = problems ?? [], Done = done,
            QuotaCounties = ProgramForm.CountiesOf(area.RegionCode, area.PrefectureCode, form),
        }, status);
    }
}
