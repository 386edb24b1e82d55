using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Subsidies;
using Changai.Domain.Common;
using Changai.Domain.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴项目: the programmes of the officer's subtree with their budget committed and paid, and the form that creates or edits
/// one. Scope, validation, the rules a programme must satisfy and the audit are the API's (<see cref="ManagePrograms"/>): a
/// programme of another branch is "not found" here as there.
/// </summary>
public sealed class ProgramsSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("补贴项目", ConsoleSetup.BasePath + "/subsidies/programs", Policies.ManageSubsidies, 21);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/subsidies/programs").RequireAuthorization(Policies.ManageSubsidies);
        group.MapGet("/", List);
        group.MapGet("/new", async (HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
            await EditPageAsync(null, ProgramForm.Blank(ChinaTime.Today(time)), http, db, scope, ct));
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Detail);
        group.MapPost("/{id:guid}", Update);
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var programs = await ManagePrograms.List(http, db, scope, ct);
        return ConsolePages.Render(new ProgramsPage.Data { Programs = programs.Value! });
    }

    private static async Task<IResult> Detail(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done)
    {
        var program = (await ManagePrograms.Detail(id, http, db, scope, ct)).Value!;
        var notice = done switch
        {
            "created" => "补贴项目已创建。职工在开始日期后即可在小程序中看到并申请。",
            "updated" => "修改已保存。",
            _ => null,
        };
        return await EditPageAsync(program, ProgramForm.From(program), http, db, scope, ct, done: notice);
    }

    private static async Task<IResult> Create(
        HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManagePrograms.CreateRequest> validator, CancellationToken ct)
    {
        var form = ProgramForm.From(await ConsolePages.FormAsync(http));
        var problems = new List<string>();
        var request = form.ToCreate(problems);
        if (problems.Count == 0 && await validator.ValidateAsync(request, ct) is { IsValid: false } invalid)
        {
            problems.AddRange(invalid.Errors.Select(e => e.ErrorMessage));
        }

        if (problems.Count > 0)
        {
            return await EditPageAsync(null, form, http, db, scope, ct, problems, StatusCodes.Status400BadRequest);
        }

        try
        {
            var created = await ManagePrograms.Create(request, http, db, scope, time, ct);
            return ConsolePages.SeeOther($"/subsidies/programs/{created.Value!.Id}?done=created");
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return await EditPageAsync(null, form, http, db, scope, ct, [e.Message], Problems.StatusOf(e.Kind));
        }
    }

    private static async Task<IResult> Update(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManagePrograms.UpdateRequest> validator, CancellationToken ct)
    {
        // Not found (or another branch's) before anything else, as over the API.
        var current = (await ManagePrograms.Detail(id, http, db, scope, ct)).Value!;
        var form = ProgramForm.From(await ConsolePages.FormAsync(http));
        var problems = new List<string>();
        var request = form.ToUpdate(problems);
        if (problems.Count == 0 && await validator.ValidateAsync(request, ct) is { IsValid: false } invalid)
        {
            problems.AddRange(invalid.Errors.Select(e => e.ErrorMessage));
        }

        if (problems.Count > 0)
        {
            return await EditPageAsync(current, form, http, db, scope, ct, problems, StatusCodes.Status400BadRequest);
        }

        try
        {
            await ManagePrograms.Update(id, request, http, db, scope, time, ct);
            return ConsolePages.SeeOther($"/subsidies/programs/{id}?done=updated");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            db.ChangeTracker.Clear();
            var fresh = (await ManagePrograms.Detail(id, http, db, scope, ct)).Value!;
            return await EditPageAsync(fresh, form, http, db, scope, ct, [e.Message], Problems.StatusOf(e.Kind));
        }
    }

    private static async Task<IResult> EditPageAsync(
        ManagePrograms.ProgramView? program, ProgramForm form, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct,
        IReadOnlyList<string>? problems = null, int status = StatusCodes.Status200OK, string? done = null)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var unions = program is not null
            ? []
            : await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.ClosedAt == null).OrderBy(u => u.Path).Take(1000)
                .Select(u => new ProgramEditPage.UnionOption(u.Id, u.Name, u.Depth)).ToListAsync(ct);
        return ConsolePages.Render(new ProgramEditPage.Data
        {
            Program = program, Form = form, Unions = unions, DefaultOwner = officer.UnionId, Problems = problems ?? [], Done = done,
        }, status);
    }

}
