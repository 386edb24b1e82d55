using Changai.Api.Infrastructure;
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
    /// <param name="Cursor">The <c>nextCursor</c> of the page before: reads the next page by key, as cheap as the first.</param>
    /// <param name="SubmittedFrom">Submitted on or after this Beijing day (yyyy-MM-dd).</param>
    /// <param name="SubmittedTo">Submitted on or before this Beijing day (yyyy-MM-dd).</param>
    public sealed record Query(
        ApplicationStatus? Status, Guid? UnionId, string? Sort, int Page = 1, int PageSize = 20, string? Keyword = null, string? Cursor = null,
        string? SubmittedFrom = null, string? SubmittedTo = null);

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
            RuleFor(q => q.Cursor).Must(QueueCursor.IsValid).WithMessage("翻页位置无效，请从第一页重新查看").WithName("翻页位置");
            RuleFor(q => q.SubmittedFrom).IsDay("提交日期（起）");
            RuleFor(q => q.SubmittedTo).IsDay("提交日期（止）");
        }
    }



    public static async Task<Ok<PagedResult<Item>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time,
        CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct, counts));

    /// <summary>
    /// The review queue of the officer's subtree; the API endpoint and the web console both call this. A page is found by
    /// key on the covering index (status, submitted, id, union): the ids of its rows first, read from the index alone and
    /// stopping after one page (<c>cursor</c> continues after the previous page; a <c>page</c> number without a cursor skips
    /// index entries, never rows), then only those rows' shown columns. The total comes from <see cref="QueueCounts"/>.
    /// </summary>
    public static async Task<PagedResult<Item>> ListAsync(
        Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct,
        QueueCounts? counts = null)
    {
        var status = query.Status ?? ApplicationStatus.Submitted;
        var applications = db.MembershipApplications.AsNoTracking().Where(a => a.Status == status);
        // The province's officer sees every union: no filter (a list of 2,000 ids made PostgreSQL gather the whole queue).
        if (query.UnionId is not null || !officer.CoversWholeTree)
        {
            var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
            if (query.UnionId is { } unionId)
            {
                unionIds = unionIds.Contains(unionId) ? [unionId] : [];
            }

            applications = applications.Where(a => unionIds.Contains(a.UnionId));
        }

        var keyword = string.IsNullOrWhiteSpace(query.Keyword) ? null : query.Keyword.Trim();
        if (keyword is not null)
        {
            applications = applications.Where(a => a.ApplicantName.Contains(keyword));
        }

        var from = ChinaTime.ParseDay(query.SubmittedFrom);
        var to = ChinaTime.ParseDay(query.SubmittedTo);
        applications = applications.Between(a => a.SubmittedAt, from, to);

        var total = counts is null
            ? await applications.CountAsync(ct)
            : await counts.GetAsync(("membership", officer.UnionPath, query.UnionId, status, keyword, from, to), () => applications.CountAsync(ct));

        // Oldest first by default: a review queue is worked from the longest waiting.
        var descending = query.Sort == "-submittedAt";
        var keys = applications;
        if (QueueCursor.TryParse(query.Cursor, out var after))
        {
            keys = descending
                ? keys.Where(a => a.SubmittedAt <= after.At && (a.SubmittedAt < after.At || a.Id.CompareTo(after.Id) < 0))
                : keys.Where(a => a.SubmittedAt >= after.At && (a.SubmittedAt > after.At || a.Id.CompareTo(after.Id) > 0));
        }

        keys = descending
            ? keys.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            : keys.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
        if (query.Cursor is null && query.Page > 1)
        {
            keys = keys.Skip((query.Page - 1) * query.PageSize);
        }

        var pageIds = keys.Take(query.PageSize).Select(a => a.Id);
        var page = db.MembershipApplications.AsNoTracking().Where(a => pageIds.Contains(a.Id));
        page = descending
            ? page.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            : page.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
        var rows = await page
            .Select(a => new
            {
                a.Id, a.ApplicantName, a.IdNumberCipher, a.PhoneCipher, a.UnionId, a.Channel, a.Status, a.SubmittedAt,
                UnionName = db.Unions.Where(u => u.Id == a.UnionId).Select(u => u.Name).Single(),
            })
            .ToListAsync(ct);
        var today = ChinaTime.Today(time);
        var items = rows.Select(r => new Item(
            r.Id, r.ApplicantName, Masking.IdNumber(protector.Unprotect(r.IdNumberCipher)), Masking.Phone(protector.Unprotect(r.PhoneCipher)),
            new MyApplications.UnionRef(r.UnionId, r.UnionName), r.Channel, r.Status, StatusNames.Of(r.Status), r.SubmittedAt,
            today.DayNumber - ChinaTime.DateOf(r.SubmittedAt).DayNumber)).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total)
        {
            NextCursor = items.Count == query.PageSize ? new QueueCursor(items[^1].SubmittedAt, items[^1].Id).ToString() : null,
        };
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
