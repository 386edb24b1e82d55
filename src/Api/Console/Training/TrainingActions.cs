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
    public static async Task<IResult> NewCourse(HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        await CourseFormAsync(null, new Dictionary<string, string?> { ["category"] = nameof(CourseCategory.SkillUpgrade) }, null, http, db, scope, ct);

    public static async Task<IResult> EditCourse(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var c = (await ManageCourses.Get(id, http, db, scope, ct)).Value!;
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

        return await CourseFormAsync(c, values, null, http, db, scope, ct);
    }

    public static async Task<IResult> CreateCourse(
        HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManageCourses.Request> validator, CancellationToken ct) =>
        await SaveCourseAsync(null, http, db, scope, time, validator, ct);

    public static async Task<IResult> UpdateCourse(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManageCourses.Request> validator, CancellationToken ct) =>
        await SaveCourseAsync(id, http, db, scope, time, validator, ct);

    private static async Task<IResult> SaveCourseAsync(
        Guid? id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManageCourses.Request> validator, CancellationToken ct)
    {
        var existing = id is { } courseId ? (await ManageCourses.Get(courseId, http, db, scope, ct)).Value! : null;
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
        if (!errors.Any)
        {
            errors.Add(await validator.ValidateAsync(request, ct));
        }

        if (errors.Any)
        {
            return await CourseFormAsync(existing, values, errors, http, db, scope, ct, StatusCodes.Status400BadRequest);
        }

        try
        {
            if (existing is not null)
            {
                await ManageCourses.Update(existing.Id, request, http, db, scope, time, ct);
                return ConsolePages.SeeOther($"/training/courses/{existing.Id}?done=updated");
            }

            var created = await ManageCourses.Create(request, http, db, scope, time, ct);
            return ConsolePages.SeeOther($"/training/courses/{created.Value!.Id}?done=created");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound || e.Code == "training.union_not_found")
        {
            db.ChangeTracker.Clear();
            errors.Add(e.Code == "training.union_not_found" ? "organizerUnionId" : "", e.Message);
            return await CourseFormAsync(existing, values, errors, http, db, scope, ct, Status(e));
        }
    }

    private static async Task<IResult> CourseFormAsync(
        ManageCourses.Detail? course, IReadOnlyDictionary<string, string?> values, FormErrors? errors, HttpContext http, AppDbContext db, OfficerScope scope,
        CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var own = await db.Unions.AsNoTracking().Where(u => u.Id == officer.UnionId).Select(u => new { u.Depth }).SingleAsync(ct);
        var unions = await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.Depth <= own.Depth + 2 && u.ClosedAt == null).OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.Name, u.Depth }).Take(500).ToListAsync(ct);
        return ConsolePages.Render<CourseFormPage>(new
        {
            Course = course, Values = values, Errors = errors,
            Unions = (IReadOnlyList<CourseFormPage.UnionOption>)[.. unions.Select(u => new CourseFormPage.UnionOption(u.Id, u.Name, u.Depth - own.Depth))],
        }, status);
    }

    public static async Task<IResult> Publish(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        await CourseStepAsync(id, "published", () => ManageCourses.Publish(id, http, db, scope, time, ct), http, db, scope, ct);

    public static async Task<IResult> Close(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        await CourseStepAsync(id, "closed", () => ManageCourses.Close(id, http, db, scope, time, ct), http, db, scope, ct);

    private static async Task<IResult> CourseStepAsync(Guid id, string done, Func<Task> step, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        try
        {
            await step();
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            db.ChangeTracker.Clear();
            return await CoursePageAsync(id, http, db, scope, ct, error: e.Message, status: Status(e));
        }

        return ConsolePages.SeeOther($"/training/courses/{id}?done={done}");
    }

    public static async Task<IResult> CoursePage(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done)
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
        return await CoursePageAsync(id, http, db, scope, ct, done: notice);
    }

    private static async Task<IResult> CoursePageAsync(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct, string? done = null, string? error = null, int status = StatusCodes.Status200OK) =>
        ConsolePages.Render<CoursePage>(new { Course = (await ManageCourses.Get(id, http, db, scope, ct)).Value!, Done = done, Error = error }, status);

    public static async Task<IResult> NewSession(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var course = (await ManageCourses.Get(id, http, db, scope, ct)).Value!;
        var start = ChinaTime.ToChina(time.GetUtcNow().UtcDateTime).Date.AddDays(14).AddHours(9);
        var values = new Dictionary<string, string?>
        {
            ["startsAt"] = Local(start), ["endsAt"] = Local(start.AddHours(8)), ["capacity"] = "30",
        };
        return await SessionFormAsync(course, null, values, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> EditSession(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, http, db, scope, ct);
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

    public static async Task<IResult> AddSession(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, IValidator<ManageSessions.Request> validator, CancellationToken ct)
    {
        var course = (await ManageCourses.Get(id, http, db, scope, ct)).Value!;
        return await SaveSessionAsync(course, null, http, db, validator, ct,
            request => ManageSessions.Add(course.Id, request, http, db, scope, time, ct));
    }

    public static async Task<IResult> UpdateSession(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, IValidator<ManageSessions.Request> validator,
        CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, http, db, scope, ct);
        return await SaveSessionAsync(course, session, http, db, validator, ct,
            request => ManageSessions.Update(id, request, http, db, scope, ledger, time, ct));
    }

    private static async Task<IResult> SaveSessionAsync(
        ManageCourses.Detail course, ManageCourses.SessionView? session, HttpContext http, AppDbContext db, IValidator<ManageSessions.Request> validator,
        CancellationToken ct, Func<ManageSessions.Request, Task> save)
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
        if (!errors.Any)
        {
            errors.Add(await validator.ValidateAsync(request, ct));
        }

        if (errors.Any)
        {
            return await SessionFormAsync(course, session, values, errors, StatusCodes.Status400BadRequest);
        }

        try
        {
            await save(request);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            db.ChangeTracker.Clear();
            errors.Add(e.Code == "training.capacity_below_seats" ? "capacity" : "", e.Message);
            return await SessionFormAsync(course, session, values, errors, Status(e));
        }

        return ConsolePages.SeeOther($"/training/courses/{course.Id}?done={(session is null ? "session-added" : "session-updated")}");
    }

    public static async Task<IResult> CancelSession(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, IValidator<ManageSessions.CancelRequest> validator,
        CancellationToken ct)
    {
        var (course, session) = await SessionAsync(id, http, db, scope, ct);
        var form = await ConsolePages.FormAsync(http);
        var request = new ManageSessions.CancelRequest(form.Text("reason") ?? "");
        var errors = new FormErrors();
        errors.Add(await validator.ValidateAsync(request, ct));
        if (!errors.Any)
        {
            try
            {
                await ManageSessions.Cancel(id, request, http, db, scope, ledger, time, ct);
                return ConsolePages.SeeOther($"/training/courses/{course.Id}?done=session-cancelled");
            }
            catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
            {
                db.ChangeTracker.Clear();
                errors.Add("reason", e.Message);
            }
        }

        var values = new Dictionary<string, string?> { ["reason"] = request.Reason };
        return await SessionFormAsync(course, session, values, errors, StatusCodes.Status422UnprocessableEntity, cancelling: true);
    }

    private static async Task<(ManageCourses.Detail Course, ManageCourses.SessionView Session)> SessionAsync(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (_, course, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        db.ChangeTracker.Clear();
        var detail = (await ManageCourses.Get(course.Id, http, db, scope, ct)).Value!;
        return (detail, detail.Sessions.Single(s => s.Id == id));
    }

    private static Task<IResult> SessionFormAsync(
        ManageCourses.Detail course, ManageCourses.SessionView? session, IReadOnlyDictionary<string, string?> values, FormErrors? errors, int status,
        bool cancelling = false) =>
        Task.FromResult<IResult>(ConsolePages.Render<SessionFormPage>(
            new { Course = course, Session = session, Values = values, Errors = errors, Cancelling = cancelling }, status));

    private static int Status(DomainException e) => e.Kind switch
    {
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string Local(DateTime chinaLocal) => chinaLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
