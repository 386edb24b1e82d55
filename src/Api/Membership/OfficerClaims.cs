using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>
/// The claims a union resolves (会籍认领核对): those whose ID number matched one of its unclaimed imported members but whose
/// phone did not. The officer sees the register entry beside what the worker claimed with, both masked, and links it or
/// refuses. Only claims of unions in the officer's subtree; others answer 404. A refusal's reason stays with the union: the
/// worker learns the outcome at the due date, in the same words as every claim that was not linked.
/// </summary>
public static class OfficerClaims
{
    public enum Filter
    {
        /// <summary>Waiting for a decision.</summary>
        Pending,
        /// <summary>Decided or ended.</summary>
        Decided,
    }

    /// <param name="UnionId">Only claims of members of this union of the subtree.</param>
    /// <param name="Keyword">Part of the claimant's name.</param>
    /// <param name="SubmittedFrom">Submitted on or after this Beijing day (yyyy-MM-dd).</param>
    /// <param name="SubmittedTo">Submitted on or before this Beijing day (yyyy-MM-dd).</param>
    /// <param name="Sort">submittedAt, dueOn or name; a leading "-" sorts descending. Oldest first while pending, newest first once decided.</param>
    public sealed record Query(
        Filter? Status, int Page = 1, int PageSize = 20, Guid? UnionId = null, string? Keyword = null, string? SubmittedFrom = null,
        string? SubmittedTo = null, string? Sort = null);

    public static readonly IReadOnlyList<string> SortKeys = ["submittedAt", "dueOn", "name"];

    public sealed record Person(string Name, string IdNumberMasked, string PhoneMasked, int? BirthYear);

    public sealed record Item(Guid Id, string ClaimantName, string IdNumberMasked, string PhoneMasked, MyApplications.UnionRef Union, ClaimStatus Status,
        string StatusText, DateTime SubmittedAt, DateOnly DueOn);

    /// <param name="Record">The register entry the ID number matched (its own copy until claimed, then the claimant's profile).</param>
    public sealed record DetailView(
        Guid Id, Person Claimant, Person Record, string MembershipNumber, string? ExternalNumber, DateOnly JoinedOn, MyApplications.UnionRef Union,
        ClaimStatus Status, string StatusText, bool PhoneMatches, DateTime SubmittedAt, DateOnly DueOn, DateTime? DecidedAt, string? OfficerReason, int Version);

    public sealed record Decision(Guid Id, ClaimStatus Status, string StatusText, string? MembershipNumber);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
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
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    public static async Task<PagedResult<Item>> ListAsync(
        Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var claims = db.MembershipClaims.AsNoTracking().Where(c => c.UnionId != null && unionIds.Contains(c.UnionId.Value));
        claims = query.Status == Filter.Decided
            ? claims.Where(c => c.Status != ClaimStatus.Pending)
            : claims.Where(c => c.Status == ClaimStatus.Pending);
        if (query.UnionId is { } unionId)
        {
            claims = unionIds.Contains(unionId) ? claims.Where(c => c.UnionId == unionId) : claims.Where(c => false);
        }

        var keyword = string.IsNullOrWhiteSpace(query.Keyword) ? null : query.Keyword.Trim();
        if (keyword is not null)
        {
            claims = claims.Where(c => c.ClaimantName.Contains(keyword));
        }

        claims = claims.Between(c => c.SubmittedAt, ChinaTime.ParseDay(query.SubmittedFrom), ChinaTime.ParseDay(query.SubmittedTo));
        var total = await claims.CountAsync(ct);
        var descending = query.Sort?.StartsWith('-') ?? query.Status == Filter.Decided;
        var ordered = (query.Sort?.TrimStart('-'), descending) switch
        {
            ("dueOn", false) => claims.OrderBy(c => c.ResolvesAt).ThenBy(c => c.SubmittedAt),
            ("dueOn", true) => claims.OrderByDescending(c => c.ResolvesAt).ThenByDescending(c => c.SubmittedAt),
            ("name", false) => claims.OrderBy(c => c.ClaimantName).ThenBy(c => c.SubmittedAt),
            ("name", true) => claims.OrderByDescending(c => c.ClaimantName).ThenByDescending(c => c.SubmittedAt),
            (_, true) => claims.OrderByDescending(c => c.SubmittedAt),
            _ => claims.OrderBy(c => c.SubmittedAt),
        };
        ordered = descending ? ordered.ThenByDescending(c => c.Id) : ordered.ThenBy(c => c.Id);
        var rows = await ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(c => new { Claim = c, UnionName = db.Unions.Where(u => u.Id == c.UnionId).Select(u => u.Name).Single() })
            .ToListAsync(ct);
        var items = rows.Select(r => new Item(r.Claim.Id, r.Claim.ClaimantName, Masking.IdNumber(protector.Unprotect(r.Claim.IdNumberCipher)),
            Masking.Phone(protector.Unprotect(r.Claim.PhoneCipher)), new MyApplications.UnionRef(r.Claim.UnionId!.Value, r.UnionName), r.Claim.Status,
            MembershipClaim.Names.Of(r.Claim.Status), r.Claim.SubmittedAt, r.Claim.DueOn)).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }

    public static async Task<Ok<DetailView>> Detail(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(id, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    public static async Task<DetailView> DetailAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var (claim, member, unionName) = await FindInScopeAsync(db, scope, officer, id, ct);
        var claimantId = protector.Unprotect(claim.IdNumberCipher);
        Person record;
        if (member.IdNumberCipher is not null)
        {
            record = PersonOf(member.RegisteredName ?? "", protector.Unprotect(member.IdNumberCipher), protector.UnprotectOrNull(member.PhoneCipher));
        }
        else
        {
            // Claimed since (by this claim or another): the register's copies went to the claimant's profile.
            var owner = await db.Workers.AsNoTracking().Where(w => w.Id == member.WorkerId)
                .Select(w => new { w.RealName, w.IdNumberCipher, w.PhoneCipher }).SingleOrDefaultAsync(ct);
            record = PersonOf(owner?.RealName ?? "", protector.UnprotectOrNull(owner?.IdNumberCipher), protector.UnprotectOrNull(owner?.PhoneCipher));
        }

        return new DetailView(claim.Id, PersonOf(claim.ClaimantName, claimantId, protector.Unprotect(claim.PhoneCipher)), record, member.Number,
            member.ExternalNumber, member.JoinedOn, new MyApplications.UnionRef(member.UnionId, unionName), claim.Status, MembershipClaim.Names.Of(claim.Status),
            claim.PhoneHash == member.PhoneHash, claim.SubmittedAt, claim.DueOn, claim.DecidedAt, claim.OfficerReason, claim.Version);
    }

    public static async Task<Ok<Decision>> Approve(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ApproveAsync(id, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Ok<Decision>> Refuse(
        Guid id, DecideApplication.ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await RefuseAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    /// <summary>Links the claimed membership to the worker: the card appears at once, the worker is told.</summary>
    public static async Task<Decision> ApproveAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (claim, member, unionName) = await FindInScopeAsync(db, scope, officer, id, ct);
        if (claim.Status != ClaimStatus.Pending)
        {
            throw AlreadyDecided(claim);
        }

        if (!member.IsUnclaimed)
        {
            throw DomainException.Conflict("membership.claim_candidate_gone", "该会籍已被认领或已终止，不能再认领；请对本申请作“不予认领”处理");
        }

        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == claim.WorkerId, ct);
        if (worker.CancelledAt is not null || worker.IdNumberHash != member.IdNumberHash || worker.PhoneHash is null)
        {
            throw DomainException.Conflict("membership.claimant_changed", "申请人已注销账号或修改了身份证号、手机号，与在册记录不再一致；请对本申请作“不予认领”处理");
        }

        if (await db.Members.AnyAsync(m => m.WorkerId == worker.Id && m.Status == MembershipStatus.Active, ct))
        {
            throw DomainException.Conflict("membership.already_member", "申请人已通过其他途径成为会员；请对本申请作“不予认领”处理");
        }

        var now = time.GetUtcNow().UtcDateTime;
        MembershipLinks.Link(db, member, worker.Id, worker.PhoneHash, unionName, AuditTrail.Officer, officer.OfficerId, now);
        claim.Link(member.Id, officer.OfficerId, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipClaim), claim.Id, "membership.claim.approved",
            nameof(ClaimStatus.Pending), nameof(ClaimStatus.Linked), unionId: member.UnionId);
        await SaveAsync(db, ct);
        return new Decision(claim.Id, claim.Status, MembershipClaim.Names.Of(claim.Status), member.Number);
    }

    /// <summary>Refuses; the worker sees 核对中 until the due date and then the common 未通过 text (the reason stays here).</summary>
    public static async Task<Decision> RefuseAsync(
        Guid id, DecideApplication.ReasonRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (claim, member, _) = await FindInScopeAsync(db, scope, officer, id, ct);
        if (claim.Status != ClaimStatus.Pending)
        {
            throw AlreadyDecided(claim);
        }

        var now = time.GetUtcNow().UtcDateTime;
        claim.Refuse(officer.OfficerId, request.Reason.Trim(), now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipClaim), claim.Id, "membership.claim.refused",
            nameof(ClaimStatus.Pending), nameof(ClaimStatus.RefusedByOfficer), request.Reason.Trim(), member.UnionId);
        await SaveAsync(db, ct);
        return new Decision(claim.Id, claim.Status, MembershipClaim.Names.Of(claim.Status), null);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("membership.claim_already_decided", "该认领申请刚刚已由其他工作人员处理，或已到期结束，请刷新后查看");
        }
        catch (DbUpdateException)
        {
            // The claimant's phone or account became another active member's meanwhile (the register's unique indexes).
            throw DomainException.Conflict("membership.already_member", "申请人的手机号或账号已登记在另一名在册会员名下，不能认领；请对本申请作“不予认领”处理");
        }
    }

    private static Person PersonOf(string name, string? idNumber, string? phone)
    {
        IdNumber.TryParse(idNumber, DateOnly.MaxValue, out var parsed);
        return new Person(name, Masking.IdNumber(idNumber), Masking.Phone(phone), Masking.BirthYear(parsed?.BirthDate));
    }

    private static DomainException AlreadyDecided(MembershipClaim claim) =>
        DomainException.Conflict("membership.claim_already_decided", $"该认领申请当前状态为“{MembershipClaim.Names.Of(claim.Status)}”，不能再核对");

    /// <summary>404 both for a missing claim and for one outside the officer's subtree (or without a candidate: no union has it).</summary>
    private static async Task<(MembershipClaim Claim, Member Member, string UnionName)> FindInScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.MembershipClaims
            .Where(c => c.Id == id && c.CandidateMemberId != null)
            .Select(c => new
            {
                Claim = c,
                Union = scope.UnionsWithin(officer).Where(u => u.Id == c.UnionId).Select(u => u.Name).SingleOrDefault(),
                Member = db.Members.Single(m => m.Id == c.CandidateMemberId),
            })
            .SingleOrDefaultAsync(ct);
        return found?.Union is null
            ? throw DomainException.NotFound("membership.claim_not_found", "未找到该认领申请，或不在您的管辖范围内")
            : (found.Claim, found.Member, found.Union);
    }
}
