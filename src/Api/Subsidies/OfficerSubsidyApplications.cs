using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// What a reviewing officer sees: their level's queue (applications waiting for their own union), or everything in
/// their subtree; details with attachments and the full audit. ID numbers and phones are masked; revealing is recorded.
/// </summary>
public static class OfficerSubsidyApplications
{
    /// <param name="UnionId">Only applications made to this union of the subtree.</param>
    /// <param name="Keyword">Part of the applicant's name.</param>
    /// <param name="SubmittedFrom">Submitted on or after this Beijing day (yyyy-MM-dd).</param>
    /// <param name="SubmittedTo">Submitted on or before this Beijing day (yyyy-MM-dd).</param>
    /// <param name="Sort">dueAt, submittedAt, amount or applicant; a leading "-" sorts descending. Nearest deadline first when absent.</param>
    public sealed record Query(
        string? View, Guid? ProgramId, SubsidyStatus? Status, int Page = 1, int PageSize = 20, Guid? UnionId = null, string? Keyword = null,
        string? SubmittedFrom = null, string? SubmittedTo = null, string? Sort = null);

    public static readonly IReadOnlyList<string> SortKeys = ["dueAt", "submittedAt", "amount", "applicant"];

    public sealed record Item(
        Guid Id, ProgramRef Program, string? ApplicantName, string IdNumberMasked, string PhoneMasked, UnionRef Union, SubsidyStatus Status,
        string StatusText, string? CurrentLevelText, long? AmountFen, string? AmountText, DateTime? SubmittedAt, DateTime? DueAt, bool Overdue, bool AtMyLevel);

    public sealed record DetailView(
        Guid Id, ProgramRef Program, string? ApplicantName, string IdNumberMasked, string PhoneMasked, UnionRef Union, string? CountyCode,
        SubsidyStatus Status, string StatusText, CertificateView? Certificate, DegreeLevel? DegreeLevel, string? School, long? TuitionFen,
        string? HardshipTier, string? Statement, long? AmountFen, string? AmountText, IReadOnlyList<BreakdownLine> Breakdown,
        IReadOnlyList<StepView> ReviewChain, DateTime? CurrentStepDueAt, string? ReviewComment, DateTime? SubmittedAt, DateTime? DecidedAt,
        DateOnly? PaidOn, string? TransferReference, IReadOnlyList<AttachmentView> Attachments, bool AtMyLevel, int Version,
        IReadOnlyList<SubsidyAuditEntry> Audit);

    public sealed record Revealed(string IdNumber);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.View).Must(v => v is null or "queue" or "all").WithMessage("视图只支持 queue（本级待审）或 all（辖区全部）").WithName("视图");
            RuleFor(q => q.Status).IsInEnum().WithName("状态");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
            RuleFor(q => q.Keyword).MaximumLength(20).WithName("申请人姓名");
            RuleFor(q => q.SubmittedFrom).IsDay("提交日期（起）");
            RuleFor(q => q.SubmittedTo).IsDay("提交日期（止）");
            RuleFor(q => q.Sort).Must(s => s is null || SortKeys.Contains(s.TrimStart('-'))).WithMessage("不支持该排序方式").WithName("排序");
        }
    }



    public static async Task<Ok<PagedResult<Item>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts counts, TimeProvider time,
        CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, counts, time, ct));

    /// <summary>The API endpoint and the console's queue, table and export all read through this.</summary>
    public static async Task<PagedResult<Item>> ListAsync(
        Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, QueueCounts? counts, TimeProvider time,
        CancellationToken ct)
    {
        var applications = db.SubsidyApplications.AsNoTracking().Where(a => a.Status != SubsidyStatus.Draft);
        if (query.View is null or "queue")
        {
            applications = applications.Where(a => a.Status == SubsidyStatus.UnderReview && a.CurrentReviewUnionId == officer.UnionId);
        }
        else if (!officer.CoversWholeTree)
        {
            var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
            applications = applications.Where(a => unionIds.Contains(a.UnionId));
        }

        if (query.ProgramId is { } programId)
        {
            applications = applications.Where(a => a.ProgramId == programId);
        }

        if (query.Status is { } status)
        {
            applications = applications.Where(a => a.Status == status);
        }

        if (query.UnionId is { } unionId)
        {
            var within = await scope.UnionIdsWithinAsync(officer, ct);
            applications = within.Contains(unionId) ? applications.Where(a => a.UnionId == unionId) : applications.Where(a => false);
        }

        var keyword = string.IsNullOrWhiteSpace(query.Keyword) ? null : query.Keyword.Trim();
        if (keyword is not null)
        {
            applications = applications.Where(a => a.ApplicantName != null && a.ApplicantName.Contains(keyword));
        }

        var from = ChinaTime.ParseDay(query.SubmittedFrom);
        var to = ChinaTime.ParseDay(query.SubmittedTo);
        applications = applications.Between(a => a.SubmittedAt, from, to);

        // The total is counted once per QueueCounts.Lifetime; the page's ids come from the covering indexes (union or reviewing
        // union, status, due, submitted, id) before its rows are read.
        var total = counts is null
            ? await applications.CountAsync(ct)
            : await counts.GetAsync(("subsidies", officer.UnionId, officer.UnionPath, query.View ?? "queue", query.ProgramId, query.Status, query.UnionId, keyword, from, to),
                () => applications.CountAsync(ct));
        var pageIds = Order(applications, query.Sort).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(a => a.Id);
        var rows = await Order(db.SubsidyApplications.AsNoTracking().Where(a => pageIds.Contains(a.Id)), query.Sort)
            .Select(a => new { Application = a, Program = db.SubsidyPrograms.Single(p => p.Id == a.ProgramId), Union = db.Unions.Single(u => u.Id == a.UnionId) })
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var items = rows.Select(r => new Item(
            r.Application.Id, SubsidyViews.Ref(r.Program), r.Application.ApplicantName, Masking.IdNumber(protector.UnprotectOrNull(r.Application.IdNumberCipher)),
            Masking.Phone(protector.UnprotectOrNull(r.Application.PhoneCipher)), new UnionRef(r.Union.Id, r.Union.Name), r.Application.Status,
            SubsidyStatusNames.Of(r.Application.Status), r.Application.CurrentChainStep is { } s ? $"{s.UnionName}（{SubsidyNames.Of(s.Level)}）" : null,
            r.Application.AmountFen, r.Application.AmountFen is { } fen ? Money.Format(fen) : null, r.Application.SubmittedAt, r.Application.CurrentStepDueAt,
            r.Application.CurrentStepDueAt < now, IsAtLevelOf(r.Application, officer))).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }

    /// <summary>Oldest deadline first unless asked otherwise: a queue is worked from what is most overdue.</summary>
    private static IOrderedQueryable<SubsidyApplication> Order(IQueryable<SubsidyApplication> applications, string? sort)
    {
        var descending = sort?.StartsWith('-') ?? false;
        var ordered = sort?.TrimStart('-') switch
        {
            "submittedAt" => descending ? applications.OrderByDescending(a => a.SubmittedAt) : applications.OrderBy(a => a.SubmittedAt),
            "amount" => descending ? applications.OrderByDescending(a => a.AmountFen) : applications.OrderBy(a => a.AmountFen),
            "applicant" => descending ? applications.OrderByDescending(a => a.ApplicantName) : applications.OrderBy(a => a.ApplicantName),
            "dueAt" when descending => applications.OrderBy(a => a.CurrentStepDueAt == null).ThenByDescending(a => a.CurrentStepDueAt),
            _ => applications.OrderBy(a => a.CurrentStepDueAt == null).ThenBy(a => a.CurrentStepDueAt),
        };
        return ordered.ThenBy(a => a.SubmittedAt).ThenBy(a => a.Id);
    }

    public static async Task<Ok<DetailView>> Detail(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(id, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    /// <summary>The use case; the API endpoint and the web console both call this.</summary>
    public static async Task<DetailView> DetailAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var (a, union) = await SubsidyAccess.InScopeAsync(db, scope, officer, id, ct);
        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == a.ProgramId, ct);
        var attachments = await SubsidyViews.AttachmentsAsync(db, a.Id, ct);
        var records = await SubsidyViews.AuditAsync(db, a.Id, ct);
        var officerIds = records.Where(r => r.ActorType == AuditTrail.Officer && r.ActorId is not null).Select(r => r.ActorId!.Value).Distinct().ToList();
        var officerNames = await db.Officers.AsNoTracking().Where(o => officerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.DisplayName, ct);
        var audit = records.Select(r => new SubsidyAuditEntry(
            r.At, r.Action, SubsidyViews.TextOf(r.Action), r.ActorType, r.ActorId,
            r.ActorType == AuditTrail.Officer && r.ActorId is { } o ? officerNames.GetValueOrDefault(o) : r.ActorType == AuditTrail.Worker ? a.ApplicantName : "系统",
            r.FromState, r.ToState, r.Reason)).ToList();
        return new DetailView(
            a.Id, SubsidyViews.Ref(program), a.ApplicantName, Masking.IdNumber(protector.UnprotectOrNull(a.IdNumberCipher)),
            Masking.Phone(protector.UnprotectOrNull(a.PhoneCipher)), new UnionRef(union.Id, union.Name), a.CountyCode, a.Status,
            SubsidyStatusNames.Of(a.Status), SubsidyViews.Certificate(a), a.DegreeLevel, a.School, a.TuitionFen, a.HardshipTier, a.Statement, a.AmountFen,
            a.AmountFen is { } fen ? Money.Format(fen) : null, a.Breakdown, SubsidyViews.Chain(a), a.CurrentStepDueAt, a.ReviewComment, a.SubmittedAt,
            a.DecidedAt, a.PaidOn, a.TransferReference, attachments.Select(SubsidyViews.ToView).ToList(), IsAtLevelOf(a, officer), a.Version, audit);
    }

    public static async Task<Ok<Revealed>> RevealIdNumber(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (application, union) = await SubsidyAccess.InScopeAsync(db, scope, officer, id, ct);
        db.Record(time.GetUtcNow().UtcDateTime, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id,
            "subsidies.id_number.revealed", unionId: union.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Revealed(protector.UnprotectOrNull(application.IdNumberCipher) ?? ""));
    }

    internal static bool IsAtLevelOf(SubsidyApplication a, OfficerContext officer) =>
        a.Status == SubsidyStatus.UnderReview && a.CurrentReviewUnionId == officer.UnionId;
}
