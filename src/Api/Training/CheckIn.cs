using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>
/// On-site check-in: the officer's screen shows a QR token that changes every 30 seconds; the worker scans it inside the
/// check-in window. An officer can also check a worker in by hand (and correct a no-show).
/// </summary>
public static class CheckIn
{
    public sealed record Request(string Token);

    public sealed record ManualRequest(Guid EnrollmentId);

    public sealed record Result(Guid EnrollmentId, EnrollmentStatus Status, string StatusText, DateTime? CheckedInAt, CheckInMethod? Method, bool AlreadyCheckedIn);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Token).NotEmpty().MaximumLength(100).WithName("签到二维码");
    }

    public sealed class ManualValidator : AbstractValidator<ManualRequest>
    {
        public ManualValidator() => RuleFor(r => r.EnrollmentId).NotEmpty().WithName("报名记录");
    }

    public static async Task<Ok<Result>> Scan(
        Guid id, Request request, HttpContext http, AppDbContext db, CheckInCodes codes, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        switch (codes.Verify(id, request.Token.Trim()))
        {
            case CheckInVerdict.Expired:
                throw new DomainException("training.check_in_token_expired", "签到二维码已过期，请扫描现场屏幕上最新的二维码（每 30 秒更新一次）");
            case CheckInVerdict.Invalid:
                throw new DomainException("training.check_in_token_invalid", "签到二维码无效，请扫描本班次现场屏幕上的签到二维码");
        }

        var (session, course) = await TrainingLookups.VisibleSessionAsync(db, id, ct);
        session.EnsureCheckInOpen(now);
        var enrollment = await db.TrainingEnrollments
            .SingleOrDefaultAsync(e => e.SessionId == id && e.WorkerId == workerId && TrainingEnrollment.ActiveStatuses.Contains(e.Status), ct)
            ?? throw TrainingLookups.EnrollmentNotFound();
        return TypedResults.Ok(await RecordAsync(db, enrollment, CheckInMethod.QrCode, AuditTrail.Worker, workerId, null, course.OrganizerUnionId, now, ct));
    }

    public static async Task<Ok<CheckInCode>> Code(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CheckInCodes codes, CancellationToken ct) =>
        TypedResults.Ok(await CodeAsync(id, await scope.ForAsync(http.User, ct), db, scope, codes, ct));

    public static async Task<CheckInCode> CodeAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CheckInCodes codes, CancellationToken ct)
    {
        var (session, _, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        session.EnsureScheduled();
        return codes.Issue(session.Id);
    }

    public static async Task<Ok<Result>> Manual(Guid id, ManualRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ManualAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Result> ManualAsync(Guid id, ManualRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (session, course, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        session.EnsureScheduled();
        if (now < session.CheckInOpensAt)
        {
            throw new DomainException("training.check_in_not_open", $"签到将于 {ChinaTime.ToChina(session.CheckInOpensAt):M月d日 HH:mm} 开始");
        }

        var enrollment = await db.TrainingEnrollments.SingleOrDefaultAsync(e => e.Id == request.EnrollmentId && e.SessionId == id, ct)
            ?? throw DomainException.NotFound("training.enrollment_not_found", "该班次中没有这条报名记录");
        return await RecordAsync(db, enrollment, CheckInMethod.Manual, AuditTrail.Officer, officer.OfficerId, officer.OfficerId, course.OrganizerUnionId, now, ct);
    }

    private static async Task<Result> RecordAsync(
        AppDbContext db, TrainingEnrollment enrollment, CheckInMethod method, string actorType, Guid actorId, Guid? officerId, Guid unionId, DateTime now,
        CancellationToken ct)
    {
        var from = enrollment.Status;
        var changed = enrollment.CheckIn(method, officerId, now);
        if (changed)
        {
            db.Record(now, actorType, actorId, nameof(TrainingEnrollment), enrollment.Id, "training.enrollment.checked_in",
                from.ToString(), nameof(EnrollmentStatus.CheckedIn), TrainingNames.Of(method), unionId);
            await db.SaveChangesAsync(ct);
        }

        return new Result(enrollment.Id, enrollment.Status, TrainingNames.Of(enrollment.Status), enrollment.CheckedInAt, enrollment.CheckInMethod, !changed);
    }
}
