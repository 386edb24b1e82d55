using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>
/// Who took part in a course and who completed it (attended every session held), and the certificate the officer records
/// for a worker who completed: it shows on the worker's profile and can be chosen in a subsidy application.
/// </summary>
public static class CourseCompletions
{
    public sealed record Query(int Page = 1, int PageSize = 50);

    public sealed record CertificateView(
        Guid Id, Guid WorkerId, string Number, string Occupation, SkillLevel Level, string LevelText, DateOnly IssuedOn, string Issuer, Guid? CourseId);

    public sealed record Participant(
        Guid WorkerId, string Name, string IdNumberMasked, string PhoneMasked, int SessionsHeld, int SessionsAttended, bool Completed, CertificateView? Certificate);

    /// <param name="Occupation">Default: the course's occupation.</param>
    /// <param name="Issuer">Default: the course's provider.</param>
    public sealed record CertificateRequest(Guid WorkerId, string Number, string? Occupation, SkillLevel Level, DateOnly IssuedOn, string? Issuer);

    public sealed class QueryValidator : AbstractValidator<Query>
    {
        public QueryValidator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithName("每页条数");
        }
    }

    public sealed class CertificateValidator : AbstractValidator<CertificateRequest>
    {
        public CertificateValidator(TimeProvider time)
        {
            RuleFor(r => r.WorkerId).NotEmpty().WithName("职工");
            RuleFor(r => r.Number).NotEmpty().Length(4, 40).Matches("^[A-Za-z0-9-]+$").WithMessage("证书编号只能包含字母、数字和“-”，4–40 位").WithName("证书编号");
            RuleFor(r => r.Occupation).MaximumLength(30).WithName("职业（工种）");
            RuleFor(r => r.Level).IsInEnum().NotEqual(SkillLevel.None).WithName("等级");
            RuleFor(r => r.IssuedOn).Must(d => d <= ChinaTime.Today(time) && d.Year >= 2000).WithMessage("发证日期不能晚于今天").WithName("发证日期");
            RuleFor(r => r.Issuer).MaximumLength(60).WithName("发证机构");
        }
    }

    public static async Task<Ok<PagedResult<Participant>>> List(
        Guid id, [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (course, _) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        var held = await HeldSessionsAsync(db, course.Id, ct);
        var participants = db.TrainingEnrollments.AsNoTracking()
            .Where(e => e.CourseId == id && TrainingEnrollment.SeatStatuses.Contains(e.Status)).Select(e => e.WorkerId).Distinct();
        var total = await participants.CountAsync(ct);
        var workers = await db.Workers.AsNoTracking().Where(w => participants.Contains(w.Id))
            .OrderBy(w => w.RealName).ThenBy(w => w.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(w => new { w.Id, w.RealName, w.IdNumberCipher, w.PhoneCipher }).ToListAsync(ct);
        var workerIds = workers.Select(w => w.Id).ToList();
        var attended = (await db.TrainingEnrollments.AsNoTracking()
                .Where(e => e.CourseId == id && workerIds.Contains(e.WorkerId) && e.Status == EnrollmentStatus.CheckedIn)
                .Select(e => new { e.WorkerId, e.SessionId }).ToListAsync(ct))
            .ToLookup(e => e.WorkerId, e => e.SessionId);
        var certificates = (await db.WorkerCertificates.AsNoTracking().Where(c => c.CourseId == id && workerIds.Contains(c.WorkerId)).ToListAsync(ct))
            .ToDictionary(c => c.WorkerId);
        var items = workers.Select(w =>
        {
            var sessions = attended[w.Id].Where(held.Contains).Distinct().ToList();
            return new Participant(
                w.Id, w.RealName ?? "", Masking.IdNumber(protector.UnprotectOrNull(w.IdNumberCipher)), Masking.Phone(protector.UnprotectOrNull(w.PhoneCipher)),
                held.Count, sessions.Count, TrainingRules.IsCompleted(held, sessions),
                certificates.TryGetValue(w.Id, out var c) ? ToView(c) : null);
        }).ToList();
        return TypedResults.Ok(new PagedResult<Participant>(items, query.Page, query.PageSize, total));
    }

    public static async Task<Created<CertificateView>> Record(
        Guid id, CertificateRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        var held = await HeldSessionsAsync(db, course.Id, ct);
        var attended = await db.TrainingEnrollments.AsNoTracking()
            .Where(e => e.CourseId == id && e.WorkerId == request.WorkerId && e.Status == EnrollmentStatus.CheckedIn).Select(e => e.SessionId).ToListAsync(ct);
        if (attended.Count == 0 && !await db.TrainingEnrollments.AnyAsync(e => e.CourseId == id && e.WorkerId == request.WorkerId, ct))
        {
            throw DomainException.NotFound("training.participant_not_found", "该职工没有报名本课程");
        }

        if (!TrainingRules.IsCompleted(held, attended))
        {
            throw new DomainException("training.not_completed",
                $"该职工尚未完成本课程全部班次（已签到 {attended.Intersect(held).Count()}/{held.Count}），完成后才能登记证书");
        }

        if (await db.WorkerCertificates.AnyAsync(c => c.WorkerId == request.WorkerId && c.CourseId == id, ct))
        {
            throw DomainException.Conflict("training.certificate_exists", "已为该职工登记过本课程的证书");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var certificate = new WorkerCertificate
        {
            Id = Guid.CreateVersion7(), WorkerId = request.WorkerId, Number = request.Number.Trim(),
            Occupation = string.IsNullOrWhiteSpace(request.Occupation) ? course.Occupation ?? course.Title : request.Occupation.Trim(),
            Level = request.Level, IssuedOn = request.IssuedOn, Issuer = string.IsNullOrWhiteSpace(request.Issuer) ? course.Provider : request.Issuer.Trim(),
            CourseId = course.Id, RecordedByOfficerId = officer.OfficerId, CreatedAt = now,
        };
        db.WorkerCertificates.Add(certificate);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(WorkerCertificate), certificate.Id, "training.certificate.recorded",
            reason: $"{course.Title}：{certificate.Occupation} {TrainingNames.Of(certificate.Level)}，编号 {certificate.Number}", unionId: organizer.Id);
        db.NotifyCertificate(now, request.WorkerId, certificate.Id, course.Title, certificate.Occupation, certificate.Number);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("training.certificate_number_taken", $"该职工已登记过编号为 {certificate.Number} 的证书");
        }

        return TypedResults.Created($"/api/officer/training/courses/{id}/participants", ToView(certificate));
    }

    /// <summary>The sessions a worker must attend to complete the course: all that were not cancelled.</summary>
    private static async Task<IReadOnlyCollection<Guid>> HeldSessionsAsync(AppDbContext db, Guid courseId, CancellationToken ct) =>
        (await db.TrainingSessions.AsNoTracking().Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled).Select(s => s.Id).ToListAsync(ct))
        .ToHashSet();

    private static CertificateView ToView(WorkerCertificate c) =>
        new(c.Id, c.WorkerId, c.Number, c.Occupation, c.Level, TrainingNames.Of(c.Level), c.IssuedOn, c.Issuer, c.CourseId);
}
