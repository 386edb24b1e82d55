using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Sheets;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>
/// The enrolment list of a session for the officer running it — personal data masked — with its fill and attendance
/// figures, and the same list as a CSV that Excel opens correctly (<see cref="Csv"/>: UTF-8 with BOM, formulas defused).
/// </summary>
public static class SessionRoster
{
    /// <param name="Keyword">Part of the trainee's name.</param>
    /// <param name="Sort">name, enrolledAt or checkedInAt; a leading "-" sorts descending. Seat holders, then the waitlist, when absent.</param>
    public sealed record Query(EnrollmentStatus? Status, int Page = 1, int PageSize = 50, string? Keyword = null, string? Sort = null);

    public static readonly IReadOnlyList<string> SortKeys = ["name", "enrolledAt", "checkedInAt"];

    public sealed record Row(
        Guid EnrollmentId, Guid WorkerId, string Name, string IdNumberMasked, string PhoneMasked, string? Employer, EnrollmentStatus Status,
        string StatusText, int? WaitlistPosition, bool LowPriority, DateTime EnrolledAt, DateTime? OfferExpiresAt, DateTime? CheckedInAt,
        CheckInMethod? CheckInMethod);

    public sealed record Response(
        Guid SessionId, string CourseTitle, string SessionTitle, DateTime StartsAt, SessionStats Stats, IReadOnlyList<Row> Items, int Page, int PageSize, int Total);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum().WithName("状态");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithName("每页条数");
            RuleFor(q => q.Keyword).MaximumLength(20).WithName("姓名");
            RuleFor(q => q.Sort).Must(s => s is null || SortKeys.Contains(s.TrimStart('-'))).WithMessage("不支持该排序方式").WithName("排序");
        }
    }

    private const int ExportLimit = 20_000;

    public static async Task<Ok<Response>> List(Guid id, [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(id, query, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    public static async Task<Response> ListAsync(Guid id, Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var (session, course, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        var enrollments = Filter(db, id, query.Status);
        var keyword = string.IsNullOrWhiteSpace(query.Keyword) ? null : query.Keyword.Trim();
        var total = keyword is null ? await enrollments.CountAsync(ct) : await Rows(db, enrollments, keyword).CountAsync(ct);
        var rows = await Rows(db, enrollments, keyword, query.Sort).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var stats = SessionStats.Of(session, (await SessionStats.CountsAsync(db, [id], ct))[id]);
        return new Response(
            session.Id, course.Title, session.Title, session.StartsAt, stats, rows.Select(r => ToRow(r, protector)).ToList(), query.Page, query.PageSize, total);
    }

    /// <summary>Every active enrolment of the session; the export is recorded in the audit trail.</summary>
    public static async Task<FileContentHttpResult> Export(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (session, course, organizer) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        var rows = (await Rows(db, Filter(db, id, null)).Take(ExportLimit).ToListAsync(ct)).Select(r => ToRow(r, protector)).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingSession), session.Id, "training.enrollments.exported",
            reason: $"{rows.Count} 条（身份证号、手机号已脱敏）", unionId: organizer.Id);
        await db.SaveChangesAsync(ct);

        var table = new List<IReadOnlyList<string>> { new[] { "序号", "姓名", "身份证号", "手机号", "工作单位", "报名状态", "候补序号", "报名时间", "签到时间", "签到方式" } };
        var number = 0;
        foreach (var row in rows)
        {
            table.Add(
            [
                (++number).ToString(CultureInfo.InvariantCulture), row.Name, row.IdNumberMasked, row.PhoneMasked, row.Employer ?? "", row.StatusText,
                row.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "", China(row.EnrolledAt), row.CheckedInAt is { } at ? China(at) : "",
                row.CheckInMethod is { } method ? TrainingNames.Of(method) : "",
            ]);
        }

        var fileName = $"{course.Title}-{session.Title}-报名名单-{ChinaTime.ToChina(now):yyyyMMddHHmm}.csv";
        return TypedResults.File(Csv.Write(table), Csv.ContentType, fileName);
    }

    private static IQueryable<TrainingEnrollment> Filter(AppDbContext db, Guid sessionId, EnrollmentStatus? status) =>
        status is { } s
            ? db.TrainingEnrollments.AsNoTracking().Where(e => e.SessionId == sessionId && e.Status == s)
            : db.TrainingEnrollments.AsNoTracking().Where(e => e.SessionId == sessionId && TrainingEnrollment.ActiveStatuses.Contains(e.Status));

    private sealed record RawRow(TrainingEnrollment Enrollment, string? Name, string? IdNumberCipher, string? PhoneCipher, string? Employer);

    /// <summary>By default seat holders first in order of enrolment, then the waitlist in the order seats would be offered.</summary>
    private static IQueryable<RawRow> Rows(AppDbContext db, IQueryable<TrainingEnrollment> enrollments, string? keyword = null, string? sort = null)
    {
        var joined = enrollments
            .Join(db.Workers, e => e.WorkerId, w => w.Id, (e, w) => new { Enrollment = e, w.RealName, w.IdNumberCipher, w.PhoneCipher, w.Employer });
        if (keyword is not null)
        {
            joined = joined.Where(x => x.RealName != null && x.RealName.Contains(keyword));
        }

        var ordered = (sort?.TrimStart('-'), sort?.StartsWith('-') ?? false) switch
        {
            ("name", false) => joined.OrderBy(x => x.RealName),
            ("name", true) => joined.OrderByDescending(x => x.RealName),
            ("enrolledAt", false) => joined.OrderBy(x => x.Enrollment.CreatedAt),
            ("enrolledAt", true) => joined.OrderByDescending(x => x.Enrollment.CreatedAt),
            // Those not checked in last either way.
            ("checkedInAt", false) => joined.OrderBy(x => x.Enrollment.CheckedInAt == null).ThenBy(x => x.Enrollment.CheckedInAt),
            ("checkedInAt", true) => joined.OrderBy(x => x.Enrollment.CheckedInAt == null).ThenByDescending(x => x.Enrollment.CheckedInAt),
            _ => joined
                .OrderBy(x => x.Enrollment.Status == EnrollmentStatus.Waitlisted)
                .ThenBy(x => x.Enrollment.Status == EnrollmentStatus.Waitlisted && x.Enrollment.LowPriority)
                .ThenBy(x => x.Enrollment.Status == EnrollmentStatus.Waitlisted ? x.Enrollment.WaitlistPosition : 0)
                .ThenBy(x => x.Enrollment.CreatedAt),
        };
        return ordered.ThenBy(x => x.Enrollment.Id).Select(x => new RawRow(x.Enrollment, x.RealName, x.IdNumberCipher, x.PhoneCipher, x.Employer));
    }

    private static Row ToRow(RawRow r, FieldProtector protector) => new(
        r.Enrollment.Id, r.Enrollment.WorkerId, r.Name ?? "", Masking.IdNumber(protector.UnprotectOrNull(r.IdNumberCipher)),
        Masking.Phone(protector.UnprotectOrNull(r.PhoneCipher)), r.Employer, r.Enrollment.Status, TrainingNames.Of(r.Enrollment.Status),
        r.Enrollment.WaitlistPosition, r.Enrollment.LowPriority, r.Enrollment.CreatedAt, r.Enrollment.OfferExpiresAt, r.Enrollment.CheckedInAt,
        r.Enrollment.CheckInMethod);

    private static string China(DateTime utc) => ChinaTime.ToChina(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
