using Changai.Api.Infrastructure.Security;
using Changai.Api.Training;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Training;
using QRCoder;

namespace Changai.Api.OfficerConsole.Training;

/// <summary>
/// 技能培训: courses with their fill rates, a course's sessions (create, edit, publish, close a course; add, change, cancel a
/// session: <see cref="TrainingActions"/>), a session's roster with on-the-spot check-in, and the rotating
/// check-in QR full-screen for a projector. The API's use cases decide scope, numbers and the code (<see cref="ManageCourses"/>,
/// <see cref="SessionRoster"/>, <see cref="CheckIn"/>); the QR page reloads itself when the code turns, without any script.
/// </summary>
public sealed class TrainingSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("技能培训", ConsoleSetup.BasePath + "/training", Policies.ManageTraining, 30);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/training").RequireAuthorization(Policies.ManageTraining);
        group.MapGet("/", Courses);
        group.MapGet("/courses/{id:guid}", TrainingActions.CoursePage);
        group.MapGet("/courses/new", TrainingActions.NewCourse);
        group.MapPost("/courses", TrainingActions.CreateCourse);
        group.MapGet("/courses/{id:guid}/edit", TrainingActions.EditCourse);
        group.MapPost("/courses/{id:guid}", TrainingActions.UpdateCourse);
        group.MapPost("/courses/{id:guid}/publish", TrainingActions.Publish);
        group.MapPost("/courses/{id:guid}/close", TrainingActions.Close);
        group.MapGet("/courses/{id:guid}/sessions/new", TrainingActions.NewSession);
        group.MapPost("/courses/{id:guid}/sessions", TrainingActions.AddSession);
        group.MapGet("/sessions/{id:guid}/edit", TrainingActions.EditSession);
        group.MapPost("/sessions/{id:guid}", TrainingActions.UpdateSession);
        group.MapPost("/sessions/{id:guid}/cancel", TrainingActions.CancelSession);
        group.MapGet("/sessions/{id:guid}", Roster);
        group.MapGet("/sessions/{id:guid}/export", RosterTable.Export);
        group.MapPost("/sessions/{id:guid}/check-ins", ManualCheckIn);
        group.MapGet("/sessions/{id:guid}/qr", Qr);
    }

    private static async Task<IResult> Courses(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct, string? q, int page = 1)
    {
        var query = new ManageCourses.Query(null, q?.Trim() is { Length: > 0 and <= 50 } keyword ? keyword : null, Math.Max(page, 1));
        return ConsolePages.Render(new CoursesPage.Data { Query = query, Result = await ManageCourses.ListAsync(query, officer, db, scope, ct) });
    }

    private static async Task<IResult> Roster(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct, string? done)
    {
        var (table, query) = RosterTable.Read(http.Request, id);
        var roster = await SessionRoster.ListAsync(id, query, officer, db, scope, protector, ct);
        return ConsolePages.Render(new RosterPage.Data { Roster = roster, Table = table, Done = done == "checked-in" ? "已登记签到。" : null });
    }

    private static async Task<IResult> ManualCheckIn(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        if (!Guid.TryParse(form.Text("enrollmentId"), out var enrollmentId))
        {
            throw DomainException.BadRequest("validation.failed", "请选择要签到的学员");
        }

        await CheckIn.ManualAsync(id, new CheckIn.ManualRequest(enrollmentId), officer, db, scope, time, ct);
        return ConsolePages.SeeOther($"/training/sessions/{id}?done=checked-in");
    }

    private static async Task<IResult> Qr(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CheckInCodes codes, TimeProvider time, CancellationToken ct)
    {
        var code = await CheckIn.CodeAsync(id, officer, db, scope, codes, ct);
        var roster = await SessionRoster.ListAsync(id, new SessionRoster.Query(null, 1, 1), officer, db, scope, protector, ct);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code.QrText, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(12);
        var refresh = Math.Clamp((int)Math.Ceiling((code.RefreshAt - time.GetUtcNow().UtcDateTime).TotalSeconds), 1, code.StepSeconds);
        return ConsolePages.Render(new QrPage.Data { Roster = roster, Code = code, Image = "data:image/png;base64," + Convert.ToBase64String(png), RefreshSeconds = refresh });
    }
}
