using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Training;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Training;

/// <summary>
/// Courses and sessions edited in the console: a course's draft form, publish and close (<see cref="ManageCourses"/>), a
/// session's form and its cancellation with a reason (<see cref="ManageSessions"/>: enrollees are told, the waiting list
/// offered new seats). Every request goes through the API's validator and handler; a refused rule comes back on the form.
/// </summary>
public static class TrainingActions
{
    public static async Task<IResult> NewCourse(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        await CourseFormAsync(null, new Dictionary<string, string?> { ["category"] = nameof(CourseCategory.SkillUpgrade) }, null, officer, db, scope, ct);

    public static async Task<IResult> EditCourse(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var c = await ManageCourses.GetAsync(id, officer, db, scope, ct);
        var values = new Dictionary<string, string?>
        {
            ["title"] = c.Title, ["category"] = c.Category.ToString(), ["occupation"] = c.Occupation, ["provider"] = c.Provider,
            ["organizerUnionId"] = c.Organizer.Id.ToString(), ["description"] = c.Description, ["membersOnly"] = c.MembersOnly ? "true" : null,
            ["eligibleRegionCodes"] = string.Join(",", c.EligibleRegionCodes),
        };
        foreach (var form in c.EligibleEmploymentForms)
        {
            values["form:" + form] = "true";
        }

        return await CourseFormAsync(c, values, null, officer, db, scope, ct);
    }

    public static Task<IResult> CreateCourse(HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        SaveCourseAsync(null, http, officer, db, scope, time, ct);

    public static Task<IResult> UpdateCourse(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        SaveCourseAsync(id, http, officer, db, scope, time, ct);

    private static async Task<IResult> SaveCourseAsync(
        Guid? id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var existing = id is { } courseId ? await ManageCourses.GetAsync(courseId, officer, db, scope, ct) : null;
        var form = await ConsolePages.FormAsync(http);
        var errors = new FormErrors();
        var values = form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => form.Text(k));
        var forms = form["employmentForms"].Select(v => Enum.TryParse<EmploymentForm>(v, out var f) && Enum.IsDefined(f) ? f : (EmploymentForm?)null)
            .OfType<EmploymentForm>().Distinct().ToList();
        foreach (var f in forms)
        {
            values["form:" + f] = "true";
        }

        var request = new ManageCourses.Request(
            form.Text("title") ?? "", form.Choice("category", errors, "课程类别", CourseCategory.SkillUpgrade), form.Text("occupation"), form.Text("provider") ?? "",
            form.Id("organizerUnionId"), form.Text("description") ?? "", form.Text("membersOnly") == "true", form.Codes("eligibleRegionCodes"), forms);
        return await FormAction.RunAsync(http, request,
            async request =>
            {
                if (existing is not null)
                {
                    await ManageCourses.UpdateAsync(existing.Id, request, officer, db, scope, time, ct);
                    return ConsolePages.SeeOther($"/training/courses/{existing.Id}?done=updated");
                }

                var created = await ManageCourses.CreateAsync(request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/training/courses/{created.Id}?done=created");
            },
            (errors, status) => CourseFormAsync(existing, values, errors, officer, db, scope, ct, status),
            errors, e => e.Code == "training.union_not_found" ? "organizerUnionId" : null);
    }

    private static async Task<IResult> CourseFormAsync(
        ManageCourses.Detail? course, IReadOnlyDictionary<string, string?> values, FormErrors? errors, OfficerContext officer, AppDbContext db, OfficerScope scope,
        CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var own = await db.Unions.AsNoTracking().Where(u => u.Id == officer.UnionId).Select(u => new { u.Depth }).SingleAsync(ct);
        var unions = await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.Depth <= own.Depth + 2 && u.ClosedAt == null).OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.Name, u.Depth }).Take(500).ToListAsync(ct);
        return ConsolePages.Render(new CourseFormPage.Data
        {
            Course = course, Values = values, Errors = errors,
            Unions = (IReadOnlyList<CourseFormPage.UnionOption>)[.. unions.Select(u => new CourseFormPage.UnionOption(u.Id, u.Name, u.Depth - own.Depth))],
        }, status);
    }

    public static Task<IResult> Publish(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        CourseStepAsync(id, "published", () => ManageCourses.PublishAsync(id, officer, db, scope, time, ct), http, officer, db, scope, ct);

    public static Task<IResult> Close(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        CourseStepAsync(id, "closed", () => ManageCourses.CloseAsync(id, officer, db, scope, time, ct), http, officer, db, scope, ct);

    private static Task<IResult> CourseStepAsync(
        Guid id, string done, Func<Task> step, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        FormAction.RunAsync(http,
            async () =>
            {
                await step();
                return ConsolePages.SeeOther($"/training/courses/{id}?done={done}");
            },
            (errors, status) => CoursePageAsync(id, officer, db, scope, ct, error: errors.First, status: status));

    public static async Task<IResult> CoursePage(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done)
    {
        var notice = done switch
        {
            "created" => "课程已保存为草稿。请添加班次，然后发布。",
            "updated" => "课程信息已修改。",
            "published" => "课程已发布，职工可在小程序中查看和报名。",
            "closed" => "课程已关闭：不再接受报名，已报名的职工照常参加。",
            "session-added" => "已添加班次。",
            "session-updated" => "班次已修改。",
            "session-cancelled" => "班次已取消，已报名和候补的职工将收到通知。",
            _ => null,
        };
        return await CoursePageAsync(id, officer, db, scope, ct, done: notice);
    }

    private static async Task<IResult> CoursePageAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done = null, string? error = null, int status = StatusCodes.Status200OK) =>
        ConsolePages.Render(new CoursePage.Data { Course = await ManageCourses.GetAsync(id, officer, db, scope, ct), Done = done, Error = error }, status);

    public static async Task<IResult> NewSession(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var course = await ManageCourses.GetAsync(id, officer, db, scope, ct);
        var start = ChinaTime.ToChina(time.GetUtcNow().UtcDateTime).Date.AddDays(14).AddHours(9);
        var values = new Dictionary<string, string?>
        {
            ["startsAt"] = Local(start), ["endsAt"] = Local(start.AddHours(8)), ["capacity"] = "30",
        };
        return await SessionFormAsync(course, null, values, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> EditSession(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, officer, db, scope, ct);
        var values = new Dictionary<string, string?>
        {
            ["title"] = session.Title, ["startsAt"] = ConsoleForms.TimeInput(session.StartsAt), ["endsAt"] = ConsoleForms.TimeInput(session.EndsAt),
            ["address"] = session.Address, ["latitude"] = session.Latitude?.ToString(CultureInfo.InvariantCulture),
            ["longitude"] = session.Longitude?.ToString(CultureInfo.InvariantCulture), ["onlineUrl"] = session.OnlineUrl,
            ["capacity"] = session.Stats.Capacity.ToString(CultureInfo.InvariantCulture),
            ["enrollmentOpensAt"] = ConsoleForms.TimeInput(session.EnrollmentOpensAt), ["enrollmentClosesAt"] = ConsoleForms.TimeInput(session.EnrollmentClosesAt),
            ["cancellationDeadline"] = ConsoleForms.TimeInput(session.CancellationDeadline), ["checkInOpensAt"] = ConsoleForms.TimeInput(session.CheckInOpensAt),
            ["checkInClosesAt"] = ConsoleForms.TimeInput(session.CheckInClosesAt),
        };
        return await SessionFormAsync(course, session, values, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> AddSession(Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var course = await ManageCourses.GetAsync(id, officer, db, scope, ct);
        return await SaveSessionAsync(course, null, http, request => ManageSessions.AddAsync(course.Id, request, officer, db, scope, time, ct));
    }

    public static async Task<IResult> UpdateSession(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, officer, db, scope, ct);
        return await SaveSessionAsync(course, session, http, request => ManageSessions.UpdateAsync(id, request, officer, db, scope, ledger, time, ct));
    }

    private static async Task<IResult> SaveSessionAsync(
        ManageCourses.Detail course, ManageCourses.SessionView? session, HttpContext http, Func<ManageSessions.Request, Task> save)
    {
        var form = await ConsolePages.FormAsync(http);
        var errors = new FormErrors();
        var values = form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => form.Text(k));
        var request = new ManageSessions.Request(
            form.Text("title"), form.Time("startsAt", errors, "开课时间") ?? default, form.Time("endsAt", errors, "结课时间") ?? default,
            form.Text("address"), form.Decimal("latitude", errors, "纬度"), form.Decimal("longitude", errors, "经度"), form.Text("onlineUrl"),
            form.Number("capacity", errors, "名额", 0),
            form.Time("enrollmentOpensAt", errors, "报名开始时间", required: false), form.Time("enrollmentClosesAt", errors, "报名截止时间", required: false),
            form.Time("cancellationDeadline", errors, "取消报名截止时间", required: false), form.Time("checkInOpensAt", errors, "签到开始时间", required: false),
            form.Time("checkInClosesAt", errors, "签到截止时间", required: false));
        return await FormAction.RunAsync(http, request,
            async request =>
            {
                await save(request);
                return ConsolePages.SeeOther($"/training/courses/{course.Id}?done={(session is null ? "session-added" : "session-updated")}");
            },
            (errors, status) => SessionFormAsync(course, session, values, errors, status),
            errors, e => e.Code == "training.capacity_below_seats" ? "capacity" : null);
    }

    public static async Task<IResult> CancelSession(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, officer, db, scope, ct);
        var request = new ManageSessions.CancelRequest((await ConsolePages.FormAsync(http)).Text("reason") ?? "");
        return await FormAction.RunAsync(http, request,
            async request =>
            {
                await ManageSessions.CancelAsync(id, request, officer, db, scope, ledger, time, ct);
                return ConsolePages.SeeOther($"/training/courses/{course.Id}?done=session-cancelled");
            },
            (errors, _) => SessionFormAsync(course, session, new Dictionary<string, string?> { ["reason"] = request.Reason }, errors,
                StatusCodes.Status422UnprocessableEntity, cancelling: true),
            fieldOf: e => e.Kind == DomainErrorKind.NotFound ? null : "reason");
    }

    private static async Task<(ManageCourses.Detail Course, ManageCourses.SessionView Session)> SessionAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var (_, course, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        db.ChangeTracker.Clear();
        var detail = await ManageCourses.GetAsync(course.Id, officer, db, scope, ct);
        return (detail, detail.Sessions.Single(s => s.Id == id));
    }

    private static Task<IResult> SessionFormAsync(
        ManageCourses.Detail course, ManageCourses.SessionView? session, IReadOnlyDictionary<string, string?> values, FormErrors? errors, int status,
        bool cancelling = false) =>
        Task.FromResult<IResult>(ConsolePages.Render(
            new SessionFormPage.Data { Course = course, Session = session, Values = values, Errors = errors, Cancelling = cancelling }, status));

    private static string Local(DateTime chinaLocal) => chinaLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
