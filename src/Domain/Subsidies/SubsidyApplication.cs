using Changai.Domain.Common;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Subsidies;

public enum SubsidyStatus
{
    /// <summary>草稿：填写中，尚未提交</summary>
    Draft,
    /// <summary>审核中（在 <see cref="SubsidyApplication.CurrentStep"/> 这一级）</summary>
    UnderReview,
    /// <summary>退回补正：申请人修改后重新提交，回到退回的那一级</summary>
    Returned,
    /// <summary>终审通过，待抽签</summary>
    AwaitingDraw,
    /// <summary>已核准，预算已占用，待发放</summary>
    Approved,
    Paid,
    Rejected,
    /// <summary>未中签</summary>
    NotSelected,
    Withdrawn,
    /// <summary>逾期未补正</summary>
    Expired,
}

/// <summary>One level of an application's review chain, resolved to a union of the applicant's ancestry.</summary>
public sealed record ChainStep(ReviewLevel Level, Guid UnionId, string UnionName, int DeadlineDays);

/// <summary>One line of how the amount was computed.</summary>
public sealed record BreakdownLine(string Item, string Detail, long AmountFen);

/// <summary>
/// A subsidy application (补贴申请). Filled as a draft, submitted with its amount computed, reviewed level by level up the
/// applicant's union ancestry, funded within the programme's budget and paid by finance. Claims are unique while the
/// application is live: a certificate number by anyone, an occupation and level (or degree level) by one person —
/// filtered unique indexes hold that even when two submissions race.
/// </summary>
public sealed class SubsidyApplication
{
    /// <summary>Statuses in which the application holds its claim on a certificate, a limit and the programme.</summary>
    public static readonly SubsidyStatus[] ClaimingStatuses =
        [SubsidyStatus.UnderReview, SubsidyStatus.Returned, SubsidyStatus.AwaitingDraw, SubsidyStatus.Approved, SubsidyStatus.Paid];

    private IReadOnlyList<ChainStep>? chain;

    public Guid Id { get; init; }

    public Guid ProgramId { get; init; }

    public Guid WorkerId { get; init; }

    /// <summary>The applicant's member union at submission: decides who may see the application.</summary>
    public Guid UnionId { get; set; }

    /// <summary>The applicant's county at submission (GB/T 2260), for the county quota.</summary>
    public string? CountyCode { get; set; }

    public SubsidyStatus Status { get; private set; }

    public string? ApplicantName { get; set; }

    public string? IdNumberCipher { get; set; }

    public string? PhoneCipher { get; set; }

    /// <summary>A certificate recorded for the worker (e.g. by a completed training), when chosen instead of typed.</summary>
    public Guid? WorkerCertificateId { get; set; }

    public string? CertificateNumber { get; set; }

    /// <summary>The certificate number normalised (trimmed, upper case, no spaces): unique among live claims.</summary>
    public string? CertificateKey { get; set; }

    public string? Occupation { get; set; }

    public SkillLevel? CertificateLevel { get; set; }

    public DateOnly? CertificateIssuedOn { get; set; }

    public string? CertificateIssuer { get; set; }

    public DegreeLevel? DegreeLevel { get; set; }

    public string? School { get; set; }

    public long? TuitionFen { get; set; }

    public string? HardshipTier { get; set; }

    public string? Statement { get; set; }

    public long? AmountFen { get; private set; }

    public string? BreakdownJson { get; private set; }

    /// <summary>The per-person limit this claim uses (<c>occupation-level:焊工:Level3</c>, <c>degree:Bachelor</c>): unique per worker among live claims.</summary>
    public string? LimitKey { get; private set; }

    /// <summary>Beijing year of the first submission, for the yearly cap.</summary>
    public int? ClaimYear { get; private set; }

    public string? ReviewChainJson { get; private set; }

    public int CurrentStep { get; private set; }

    /// <summary>The union whose officers review it now; null when not under review.</summary>
    public Guid? CurrentReviewUnionId { get; private set; }

    public DateTime? CurrentStepDueAt { get; private set; }

    public string? ReviewComment { get; private set; }

    public DateTime? CorrectionDueAt { get; private set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SubmittedAt { get; private set; }

    public DateTime? FirstReviewedAt { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public Guid? FinalApprovedByOfficerId { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    public string? TransferReference { get; private set; }

    public Guid? PaidByOfficerId { get; private set; }

    public int Version { get; set; }

    public IReadOnlyList<ChainStep> Chain => chain ??= ReviewChainJson is null ? [] : SubsidyRules.Deserialize<List<ChainStep>>(ReviewChainJson);

    public IReadOnlyList<BreakdownLine> Breakdown => BreakdownJson is null ? [] : SubsidyRules.Deserialize<List<BreakdownLine>>(BreakdownJson);

    public ChainStep? CurrentChainStep => Status is SubsidyStatus.UnderReview or SubsidyStatus.Returned && CurrentStep < Chain.Count ? Chain[CurrentStep] : null;

    public bool IsEditable => Status is SubsidyStatus.Draft or SubsidyStatus.Returned;

    /// <summary>Withdrawing is allowed until a reviewer has acted.</summary>
    public bool CanWithdraw => Status is SubsidyStatus.Draft || (Status == SubsidyStatus.UnderReview && FirstReviewedAt is null);

    public static SubsidyApplication Draft(Guid id, Guid programId, Guid workerId, Guid unionId, DateTime now) => new()
    {
        Id = id, ProgramId = programId, WorkerId = workerId, UnionId = unionId, Status = SubsidyStatus.Draft, CreatedAt = now,
    };

    public static string? NormaliseCertificateNumber(string? number)
    {
        var key = number is null ? "" : new string(number.Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '－').ToArray()).ToUpperInvariant();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// Draft → under review at the first level, or returned → under review at the level that returned it. The amount,
    /// claim keys and (first time only) the review chain are fixed here.
    /// </summary>
    public void Submit(DateTime now, IReadOnlyList<ChainStep> reviewChain, long amountFen, IReadOnlyList<BreakdownLine> breakdown, string? limitKey)
    {
        if (Status == SubsidyStatus.Draft)
        {
            if (reviewChain.Count == 0)
            {
                throw new DomainException("subsidies.no_reviewer", "您所在工会没有该项目的审核层级，暂不能申请，请联系工会");
            }

            ReviewChainJson = SubsidyRules.Serialize(reviewChain);
            chain = null;
            CurrentStep = 0;
            SubmittedAt = now;
            ClaimYear = ChinaTime.DateOf(now).Year;
        }
        else if (Status == SubsidyStatus.Returned)
        {
            if (CorrectionDueAt is { } due && now > due)
            {
                throw new DomainException("subsidies.correction_expired", "补正期限已过，不能再重新提交");
            }
        }
        else
        {
            throw Invalid("提交");
        }

        AmountFen = amountFen;
        BreakdownJson = SubsidyRules.Serialize(breakdown);
        LimitKey = limitKey;
        CertificateKey = NormaliseCertificateNumber(CertificateNumber);
        CorrectionDueAt = null;
        EnterStep(CurrentStep, now);
    }

    /// <summary>Approves at the current level: moves to the next level, or returns true when this was the last one.</summary>
    public bool ApproveLevel(DateTime now)
    {
        EnsureStatus(SubsidyStatus.UnderReview, "审核");
        FirstReviewedAt ??= now;
        ReviewComment = null;
        if (CurrentStep + 1 < Chain.Count)
        {
            EnterStep(CurrentStep + 1, now);
            return false;
        }

        return true;
    }

    /// <summary>The last level approved: funded now (first come first served) or waiting for the draw.</summary>
    public void ApproveFinally(Guid officerId, bool awaitDraw, DateTime now)
    {
        EnsureStatus(SubsidyStatus.UnderReview, "审核");
        Status = awaitDraw ? SubsidyStatus.AwaitingDraw : SubsidyStatus.Approved;
        FinalApprovedByOfficerId = officerId;
        LeaveReview(now);
    }

    public void Reject(string reason, DateTime now)
    {
        EnsureStatus(SubsidyStatus.UnderReview, "审核");
        FirstReviewedAt ??= now;
        Status = SubsidyStatus.Rejected;
        ReviewComment = reason;
        LeaveReview(now);
    }

    /// <summary>Back to the worker for correction; the level stays, so the corrected application returns to it.</summary>
    public void Return(string reason, DateTime now, int correctionDays)
    {
        EnsureStatus(SubsidyStatus.UnderReview, "退回");
        FirstReviewedAt ??= now;
        Status = SubsidyStatus.Returned;
        ReviewComment = reason;
        CorrectionDueAt = now.AddDays(correctionDays);
        CurrentStepDueAt = null;
    }

    public void Withdraw(DateTime now)
    {
        if (!CanWithdraw)
        {
            throw DomainException.Conflict("subsidies.cannot_withdraw", Status == SubsidyStatus.UnderReview
                ? "工会已开始审核，不能再撤回"
                : $"申请当前状态为“{SubsidyStatusNames.Of(Status)}”，不能撤回");
        }

        Status = SubsidyStatus.Withdrawn;
        LeaveReview(now);
    }

    /// <summary>Statuses still in progress, which the applicant can end by cancelling the account or withdrawing consent.</summary>
    public static readonly SubsidyStatus[] InProgressStatuses =
        [SubsidyStatus.Draft, SubsidyStatus.UnderReview, SubsidyStatus.Returned, SubsidyStatus.AwaitingDraw];

    /// <summary>Statuses of a closed claim that paid nothing (retention erases their personal data after a period).</summary>
    public static readonly SubsidyStatus[] RefusedStatuses =
        [SubsidyStatus.Rejected, SubsidyStatus.NotSelected, SubsidyStatus.Withdrawn, SubsidyStatus.Expired];

    /// <summary>
    /// The applicant cancelled the account or withdrew the consent the claim needs: an application still in progress ends
    /// as withdrawn whatever the review has reached (nothing was reserved from the budget before the final approval).
    /// </summary>
    public void CloseByApplicant(DateTime now)
    {
        if (!InProgressStatuses.Contains(Status))
        {
            throw Invalid("关闭");
        }

        Status = SubsidyStatus.Withdrawn;
        LeaveReview(now);
    }

    /// <summary>
    /// Removes the personal snapshot: the phone and the worker's own statement always; the name and ID number too unless
    /// <paramref name="keepIdentity"/> — a paid claim keeps what finance must be able to account for. The name becomes
    /// <paramref name="placeholder"/> (what officers then see).
    /// </summary>
    public void ErasePersonalData(bool keepIdentity, string placeholder)
    {
        PhoneCipher = null;
        Statement = null;
        if (!keepIdentity)
        {
            ApplicantName = placeholder;
            IdNumberCipher = null;
        }
    }

    public void Expire(DateTime now)
    {
        EnsureStatus(SubsidyStatus.Returned, "关闭");
        Status = SubsidyStatus.Expired;
        LeaveReview(now);
    }

    public void WinDraw() => Status = Status == SubsidyStatus.AwaitingDraw ? SubsidyStatus.Approved : throw Invalid("抽签");

    public void LoseDraw() => Status = Status == SubsidyStatus.AwaitingDraw ? SubsidyStatus.NotSelected : throw Invalid("抽签");

    public void MarkPaid(Guid officerId, DateOnly paidOn, string transferReference)
    {
        if (Status != SubsidyStatus.Approved)
        {
            throw DomainException.Conflict("subsidies.not_payable", Status == SubsidyStatus.Paid
                ? "该申请已登记发放，不能重复登记"
                : $"申请当前状态为“{SubsidyStatusNames.Of(Status)}”，只有已核准的申请可以登记发放");
        }

        Status = SubsidyStatus.Paid;
        PaidOn = paidOn;
        TransferReference = transferReference;
        PaidByOfficerId = officerId;
    }

    private void EnterStep(int step, DateTime now)
    {
        Status = SubsidyStatus.UnderReview;
        CurrentStep = step;
        CurrentReviewUnionId = Chain[step].UnionId;
        CurrentStepDueAt = now.AddDays(Chain[step].DeadlineDays);
    }

    private void LeaveReview(DateTime now)
    {
        CurrentReviewUnionId = null;
        CurrentStepDueAt = null;
        DecidedAt = now;
    }

    private void EnsureStatus(SubsidyStatus expected, string action)
    {
        if (Status != expected)
        {
            throw Invalid(action);
        }
    }

    private DomainException Invalid(string action) =>
        DomainException.Conflict("subsidies.invalid_state", $"申请当前状态为“{SubsidyStatusNames.Of(Status)}”，不能{action}");
}

public static class SubsidyStatusNames
{
    public static string Of(SubsidyStatus status) => status switch
    {
        SubsidyStatus.Draft => "草稿",
        SubsidyStatus.UnderReview => "审核中",
        SubsidyStatus.Returned => "已退回待补正",
        SubsidyStatus.AwaitingDraw => "审核通过待抽签",
        SubsidyStatus.Approved => "已核准待发放",
        SubsidyStatus.Paid => "已发放",
        SubsidyStatus.Rejected => "未通过",
        SubsidyStatus.NotSelected => "未中签",
        SubsidyStatus.Withdrawn => "已撤回",
        SubsidyStatus.Expired => "逾期未补正",
        _ => status.ToString(),
    };

    /// <summary>At most five characters: the <c>phrase</c> keyword of a subscribe message.</summary>
    public static string Short(SubsidyStatus status) => status switch
    {
        SubsidyStatus.UnderReview => "审核中",
        SubsidyStatus.Returned => "退回补正",
        SubsidyStatus.AwaitingDraw => "待抽签",
        SubsidyStatus.Approved => "已核准",
        SubsidyStatus.Paid => "已发放",
        SubsidyStatus.Rejected => "未通过",
        SubsidyStatus.NotSelected => "未中签",
        SubsidyStatus.Expired => "已逾期",
        _ => "已更新",
    };
}

internal sealed class SubsidyApplicationMapping : IEntityTypeConfiguration<SubsidyApplication>
{
    // Plain SQL understood by both SQLite and PostgreSQL.
    internal const string ClaimingFilter = "\"Status\" IN ('UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')";
    internal const string LiveFilter = "\"Status\" IN ('Draft', 'UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')";

    public void Configure(EntityTypeBuilder<SubsidyApplication> e)
    {
        e.Ignore(x => x.Chain);
        e.Ignore(x => x.Breakdown);
        e.Ignore(x => x.CurrentChainStep);
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.CertificateLevel).HasConversion<string>();
        e.Property(x => x.DegreeLevel).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.CertificateKey).IsUnique().HasFilter(ClaimingFilter).HasDatabaseName("IX_SubsidyApplications_CertificateKey_Claimed");
        e.HasIndex(x => new { x.WorkerId, x.LimitKey }).IsUnique().HasFilter(ClaimingFilter).HasDatabaseName("IX_SubsidyApplications_WorkerId_LimitKey_Claimed");
        e.HasIndex(x => new { x.ProgramId, x.WorkerId }).IsUnique().HasFilter(LiveFilter).HasDatabaseName("IX_SubsidyApplications_ProgramId_WorkerId_Live");
        // An officer's review queue (applications at their level, most overdue first) and their subtree's list, each read
        // from its index alone up to the page's ids.
        e.HasIndex(x => new { x.CurrentReviewUnionId, x.Status, x.CurrentStepDueAt, x.SubmittedAt, x.Id });
        e.HasIndex(x => new { x.UnionId, x.Status, x.CurrentStepDueAt, x.SubmittedAt, x.Id });
        e.HasIndex(x => new { x.ProgramId, x.Status });
        e.HasIndex(x => x.WorkerId);
        e.HasOne<SubsidyProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.UnionId).OnDelete(DeleteBehavior.Restrict);
    }
}
