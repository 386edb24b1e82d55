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
/// Sessions of a course: added and changed before they start; more seats are offered to the waitlist at once; a cancelled
/// session cancels every enrolment and tells each enrollee.
/// </summary>
public static class ManageSessions
{
    /// <param name="EnrollmentOpensAt">Default: now.</param>
    /// <param name="EnrollmentClosesAt">Default: the start.</param>
    /// <param name="CancellationDeadline">Default: 24 hours before the start, not before enrolment opens.</param>
    /// <param name="CheckInOpensAt">Default: 30 minutes before the start.</param>
    /// <param name="CheckInClosesAt">Default: 30 minutes after the start, not after the end.</param>
    public sealed record Request(
        string? Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Address, double? Latitude, double? Longitude, string? OnlineUrl, int Capacity,
        DateTimeOffset? EnrollmentOpensAt, DateTimeOffset? EnrollmentClosesAt, DateTimeOffset? CancellationDeadline,
        DateTimeOffset? CheckInOpensAt, DateTimeOffset? CheckInClosesAt)
    {
        public SessionTimes Times(DateTime now) => SessionTimes.WithDefaults(
            StartsAt.UtcDateTime, EndsAt.UtcDateTime, EnrollmentOpensAt?.UtcDateTime, EnrollmentClosesAt?.UtcDateTime, CancellationDeadline?.UtcDateTime,
            CheckInOpensAt?.UtcDateTime, CheckInClosesAt?.UtcDateTime, now);
    }

    public sealed record CancelRequest(string Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Title).MaximumLength(30).WithName("班次名称");
            RuleFor(r => r.StartsAt).Must(s => s.UtcDateTime > time.GetUtcNow().UtcDateTime).WithMessage("开课时间应在当前时间之后").WithName("开课时间");
            RuleFor(r => r.Capacity).InclusiveBetween(1, 5000).WithName("名额");
            RuleFor(r => r.Address).MaximumLength(100).WithName("培训地点");
            RuleFor(r => r.OnlineUrl).MaximumLength(300)
                .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
                .WithMessage("线上课程链接应为 https 开头的网址").WithName("线上课程链接");
            RuleFor(r => r.Address).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.OnlineUrl))
                .WithMessage("请填写培训地点，线上课程请填写课程链接").WithName("培训地点");
            RuleFor(r => r.Latitude).InclusiveBetween(-90, 90).NotNull().When(r => r.Longitude is not null).WithMessage("请同时填写经纬度，纬度在 -90 到 90 之间").WithName("纬度");
            RuleFor(r => r.Longitude).InclusiveBetween(-180, 180).NotNull().When(r => r.Latitude is not null).WithMessage("请同时填写经纬度，经度在 -180 到 180 之间").WithName("经度");
            RuleFor(r => r).Custom((r, context) =>
            {
                foreach (var (field, message) in r.Times(time.GetUtcNow().UtcDateTime).Problems())
                {
                    context.AddFailure(char.ToUpperInvariant(field[0]) + field[1..], message);
                }
            });
        }
    }

    public sealed class CancelValidator : AbstractValidator<CancelRequest>
    {
        public CancelValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(100).WithName("取消原因");
    }

    public static async Task<Created<ManageCourses.SessionView>> Add(Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var created = await AddAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct);
        return TypedResults.Created($"/api/officer/training/courses/{id}", created);
    }

    public static async Task<ManageCourses.SessionView> AddAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        course.EnsureEditable();
        var now = time.GetUtcNow().UtcDateTime;
        var number = await db.TrainingSessions.CountAsync(s => s.CourseId == id, ct) + 1;
        var session = new TrainingSession
        {
            Id = Guid.CreateVersion7(), CourseId = course.Id, Title = string.IsNullOrWhiteSpace(request.Title) ? $"第{number}期" : request.Title.Trim(),
            CreatedAt = now, UpdatedAt = now,
        };
        Apply(session, request, now);
        db.TrainingSessions.Add(session);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingSession), session.Id, "training.session.added",
            to: nameof(SessionStatus.Scheduled), unionId: organizer.Id);
        await db.SaveChangesAsync(ct);
        return ManageCourses.ToView(session, new Dictionary<EnrollmentStatus, int>());
    }

    public static async Task<Ok<ManageCourses.SessionView>> Update(Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await UpdateAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, ledger, time, ct));

    public static async Task<ManageCourses.SessionView> UpdateAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var (found, course, organizer) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        course.EnsureEditable();
        var now = time.GetUtcNow().UtcDateTime;
        found.EnsureNotStarted(now);
        var info = TrainingNotices.SessionInfo.Of(course, found);
        db.ChangeTracker.Clear();
        var session = await ledger.InTransactionAsync(async c =>
        {
            var session = await ledger.LockAsync(id, c) ?? throw TrainingLookups.SessionNotFound();
            session.EnsureNotStarted(now);
            if (request.Capacity < session.SeatsTaken)
            {
                throw DomainException.Conflict("training.capacity_below_seats", $"已有 {session.SeatsTaken} 人占用名额，名额不能少于此数");
            }

            if (!string.IsNullOrWhiteSpace(request.Title))
            {
                session.Title = request.Title.Trim();
            }

            Apply(session, request, now);
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingSession), session.Id, "training.session.updated", unionId: organizer.Id);
            foreach (var next in await ledger.OfferFreeSeatsAsync(session, now, c))
            {
                db.Record(now, AuditTrail.System, null, nameof(TrainingEnrollment), next.Id, "training.seat.offered",
                    nameof(EnrollmentStatus.Waitlisted), nameof(EnrollmentStatus.Offered), "增加名额", organizer.Id);
                db.NotifyOffered(now, next, info with { StartsAt = session.StartsAt, Place = session.Place });
            }

            return session;
        }, ct);
        var fresh = await db.TrainingSessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        return ManageCourses.ToView(fresh, (await SessionStats.CountsAsync(db, [session.Id], ct))[session.Id]);
    }

    public static async Task<Ok<ManageCourses.SessionView>> Cancel(Guid id, CancelRequest request, HttpContext http, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await CancelAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, ledger, time, ct));

    public static async Task<ManageCourses.SessionView> CancelAsync(Guid id, CancelRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var (_, course, organizer) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var reason = request.Reason.Trim();
        db.ChangeTracker.Clear();
        await ledger.InTransactionAsync(async c =>
        {
            var session = await ledger.LockAsync(id, c) ?? throw TrainingLookups.SessionNotFound();
            session.Cancel(reason, now);
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingSession), session.Id, "training.session.cancelled",
                nameof(SessionStatus.Scheduled), nameof(SessionStatus.Cancelled), reason, organizer.Id);
            var info = TrainingNotices.SessionInfo.Of(course, session);
            var enrolled = await db.TrainingEnrollments.Where(e => e.SessionId == id && TrainingEnrollment.ActiveStatuses.Contains(e.Status)).ToListAsync(c);
            foreach (var enrollment in enrolled)
            {
                var from = enrollment.Status;
                enrollment.CancelWithSession(now);
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingEnrollment), enrollment.Id, "training.enrollment.session_cancelled",
                    from.ToString(), nameof(EnrollmentStatus.SessionCancelled), reason, organizer.Id);
                db.NotifySessionCancelled(now, enrollment.WorkerId, info, reason);
            }

            return 0;
        }, ct);
        var fresh = await db.TrainingSessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        return ManageCourses.ToView(fresh, (await SessionStats.CountsAsync(db, [id], ct))[id]);
    }

    private static void Apply(TrainingSession session, Request request, DateTime now)
    {
        session.Schedule(request.Times(now));
        session.Address = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim();
        session.Latitude = request.Latitude;
        session.Longitude = request.Longitude;
        session.OnlineUrl = string.IsNullOrWhiteSpace(request.OnlineUrl) ? null : request.OnlineUrl.Trim();
        session.Capacity = request.Capacity;
        session.UpdatedAt = now;
    }
}
