using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>What an officer sees of join applications: only those of unions in their subtree, personal data masked.</summary>
public static class OfficerApplications
{
    /// <param name="Keyword">Part of the applicant's name.</param>
    public sealed record Query(ApplicationStatus? Status, Guid? UnionId, string? Sort, int Page = 1, int PageSize = 20, string? Keyword = null);

    public sealed record Item(
        Guid Id, string ApplicantName, string IdNumberMasked, string PhoneMasked, MyApplications.UnionRef Union, JoinChannel Channel,
        ApplicationStatus Status, string StatusText, DateTime SubmittedAt, int WaitingDays);

    public sealed record DetailView(
        Guid Id, string ApplicantName, string IdNumberMasked, string PhoneMasked, int? BirthYear, Gender? Gender, string? Employer,
        string? Occupation, string? Note, MyApplications.UnionRef Union, JoinChannel Channel, ApplicationStatus Status, string StatusText,
        string? ReviewComment, DateTime SubmittedAt, DateTime? DecidedAt, int Version, IReadOnlyList<TimelineEntry> Timeline, string? RegisterMatch = null);

    public sealed record Revealed(string IdNumber);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum().WithName("状态");
            RuleFor(q => q.Sort).Must(s => s is null or "submittedAt" or "-submittedAt").WithMessage("排序只支持 submittedAt 或 -submittedAt").WithName("排序");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
            RuleFor(q => q.Keyword).MaximumLength(20).WithName("姓名");
        }
    }

    public static async Task<Ok<PagedResult<Item>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct));

    /// <summary>The review queue of the officer's subtree; the API endpoint and the web console both call this.</summary>
    public static async Task<PagedResult<Item>> ListAsync(
        Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        if (query.UnionId is { } unionId)
        {
            unionIds = unionIds.Contains(unionId) ? [unionId] : [];
        }

        var status = query.Status ?? ApplicationStatus.Submitted;
        var applications = db.MembershipApplications.AsNoTracking()
            .Where(a => a.Status == status && unionIds.Contains(a.UnionId));
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var keyword = query.Keyword.Trim();
            applications = applications.Where(a => a.ApplicantName.Contains(keyword));
        }

        var total = await applications.CountAsync(ct);
        // Oldest first by default: a review queue is worked from the longest waiting.
        applications = query.Sort == "-submittedAt"
            ? applications.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            : applications.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
        var rows = await applications.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(a => new { Application = a, UnionName = db.Unions.Where(u => u.Id == a.UnionId).Select(u => u.Name).Single() })
            .ToListAsync(ct);
        var today = ChinaTime.Today(time);
        var items = rows.Select(r => new Item(
            r.Application.Id, r.Application.ApplicantName, Masking.IdNumber(protector.Unprotect(r.Application.IdNumberCipher)),
            Masking.Phone(protector.Unprotect(r.Application.PhoneCipher)), new MyApplications.UnionRef(r.Application.UnionId, r.UnionName),
            r.Application.Channel, r.Application.Status, StatusNames.Of(r.Application.Status), r.Application.SubmittedAt,
            today.DayNumber - ChinaTime.DateOf(r.Application.SubmittedAt).DayNumber)).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }

    public static async Task<Ok<DetailView>> Detail(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(id, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    public static async Task<DetailView> DetailAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var (application, union) = await FindInScopeAsync(db, scope, officer, id, ct);
        var id18 = protector.Unprotect(application.IdNumberCipher);
        IdNumber.TryParse(id18, DateOnly.MaxValue, out var parsed);
        var timeline = (await Timeline.ForAsync(db, nameof(MembershipApplication), [application.Id], ct))[application.Id];
        return new DetailView(
            application.Id, application.ApplicantName, Masking.IdNumber(id18), Masking.Phone(protector.Unprotect(application.PhoneCipher)),
            Masking.BirthYear(parsed?.BirthDate), parsed?.Gender, application.Employer, application.Occupation, application.Note,
            new MyApplications.UnionRef(union.Id, union.Name), application.Channel, application.Status, StatusNames.Of(application.Status),
            application.ReviewComment, application.SubmittedAt, application.DecidedAt, application.Version, [..timeline],
            application.IsOpen ? await MembershipGuards.RegisterMatchAsync(db, scope, officer, application.IdNumberHash, application.WorkerId, ct) : null);
    }

    /// <summary>Shows the full ID number to an officer who needs it (e.g. to check a paper form); every look is recorded.</summary>
    public static async Task<Ok<Revealed>> RevealIdNumber(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await RevealIdNumberAsync(id, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct));

    public static async Task<Revealed> RevealIdNumberAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var (application, union) = await FindInScopeAsync(db, scope, officer, id, ct);
        db.Record(time.GetUtcNow().UtcDateTime, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id,
            "membership.id_number.revealed", unionId: union.Id);
        await db.SaveChangesAsync(ct);
        return new Revealed(protector.Unprotect(application.IdNumberCipher));
    }

    /// <summary>404 both for a missing application and for one outside the officer's subtree: existence is not disclosed.</summary>
    internal static async Task<(MembershipApplication Application, Union Union)> FindInScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.MembershipApplications
            .Where(a => a.Id == id)
            .Select(a => new { Application = a, Union = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == a.UnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.Union is null
            ? throw DomainException.NotFound("membership.application_not_found", "未找到该申请，或不在您的管辖范围内")
            : (found.Application, found.Union);
    }
}
