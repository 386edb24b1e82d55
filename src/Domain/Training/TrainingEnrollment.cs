using Changai.Domain.Common;
using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Training;

public enum EnrollmentStatus
{
    /// <summary>有座位</summary>
    Confirmed,
    /// <summary>候补中</summary>
    Waitlisted,
    /// <summary>候补转正：座位已留出，待本人在期限内确认</summary>
    Offered,
    /// <summary>已签到</summary>
    CheckedIn,
    /// <summary>未到（有座位却未签到）</summary>
    NoShow,
    /// <summary>本人取消</summary>
    Cancelled,
    /// <summary>候补转正未在期限内确认</summary>
    OfferExpired,
    /// <summary>班次取消</summary>
    SessionCancelled,
}

public enum CheckInMethod
{
    QrCode,
    Manual,
}

/// <summary>
/// A worker's place in one session: a seat, a waitlist position, or an offered seat awaiting confirmation; then attendance.
/// One active enrolment per worker and session (filtered unique index); waitlist positions are unique per session.
/// </summary>
public sealed class TrainingEnrollment
{
    public static readonly EnrollmentStatus[] ActiveStatuses =
        [EnrollmentStatus.Confirmed, EnrollmentStatus.Waitlisted, EnrollmentStatus.Offered, EnrollmentStatus.CheckedIn, EnrollmentStatus.NoShow];

    public static readonly EnrollmentStatus[] SeatStatuses =
        [EnrollmentStatus.Confirmed, EnrollmentStatus.Offered, EnrollmentStatus.CheckedIn, EnrollmentStatus.NoShow];

    public Guid Id { get; init; }

    public Guid SessionId { get; init; }

    public Guid CourseId { get; init; }

    public Guid WorkerId { get; init; }

    public EnrollmentStatus Status { get; private set; }

    /// <summary>The position handed out when the worker joined the waitlist (kept after a seat is offered).</summary>
    public int? WaitlistPosition { get; init; }

    /// <summary>The worker had too many no-shows when joining the waitlist: offered a seat after everyone else.</summary>
    public bool LowPriority { get; init; }

    public DateTime? OfferedAt { get; private set; }

    public DateTime? OfferExpiresAt { get; private set; }

    public DateTime? CheckedInAt { get; private set; }

    public CheckInMethod? CheckInMethod { get; private set; }

    public Guid? CheckedInByOfficerId { get; private set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>When it stopped being active (cancelled, offer expired, session cancelled).</summary>
    public DateTime? EndedAt { get; private set; }

    public int Version { get; set; }

    public bool HoldsSeat => SeatStatuses.Contains(Status);

    public bool IsActive => ActiveStatuses.Contains(Status);

    public static TrainingEnrollment WithSeat(Guid sessionId, Guid courseId, Guid workerId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), SessionId = sessionId, CourseId = courseId, WorkerId = workerId,
        Status = EnrollmentStatus.Confirmed, CreatedAt = now, UpdatedAt = now,
    };

    public static TrainingEnrollment OnWaitlist(Guid sessionId, Guid courseId, Guid workerId, int position, bool lowPriority, DateTime now, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(), SessionId = sessionId, CourseId = courseId, WorkerId = workerId,
        Status = EnrollmentStatus.Waitlisted, WaitlistPosition = position, LowPriority = lowPriority, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>A seat freed up and this worker is next: it is held for them until <paramref name="expiresAt"/>.</summary>
    public void Offer(DateTime expiresAt, DateTime now)
    {
        Require(EnrollmentStatus.Waitlisted, "转为待确认");
        Status = EnrollmentStatus.Offered;
        OfferedAt = now;
        OfferExpiresAt = expiresAt;
        UpdatedAt = now;
    }

    public void ConfirmOffer(DateTime now)
    {
        Require(EnrollmentStatus.Offered, "确认");
        if (now > OfferExpiresAt)
        {
            throw DomainException.Conflict("training.offer_expired", "候补名额的确认期限已过，名额已顺延给下一位");
        }

        Status = EnrollmentStatus.Confirmed;
        UpdatedAt = now;
    }

    public void ExpireOffer(DateTime now)
    {
        Require(EnrollmentStatus.Offered, "作废");
        Status = EnrollmentStatus.OfferExpired;
        EndedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The worker withdraws. Holding a seat, only until the session's cancellation deadline; from the waitlist, any time.</summary>
    public void Cancel(DateTime cancellationDeadline, DateTime now)
    {
        if (Status is not (EnrollmentStatus.Confirmed or EnrollmentStatus.Offered or EnrollmentStatus.Waitlisted))
        {
            throw Invalid("取消");
        }

        if (Status != EnrollmentStatus.Waitlisted && now > cancellationDeadline)
        {
            throw new DomainException("training.cancellation_closed",
                $"取消报名的截止时间（{ChinaTime.ToChina(cancellationDeadline):M月d日 HH:mm}）已过；确实无法参加请联系主办工会");
        }

        Status = EnrollmentStatus.Cancelled;
        EndedAt = now;
        UpdatedAt = now;
    }

    public void CancelWithSession(DateTime now)
    {
        if (!IsActive)
        {
            return;
        }

        Status = EnrollmentStatus.SessionCancelled;
        EndedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// Checked in by QR code (confirmed seats only) or by an officer, who can also correct a no-show. Checking in twice
    /// changes nothing and is not an error.
    /// </summary>
    /// <returns>Whether this call changed anything.</returns>
    public bool CheckIn(CheckInMethod method, Guid? officerId, DateTime now)
    {
        if (Status == EnrollmentStatus.CheckedIn)
        {
            return false;
        }

        var allowed = method == Training.CheckInMethod.Manual
            ? Status is EnrollmentStatus.Confirmed or EnrollmentStatus.NoShow
            : Status == EnrollmentStatus.Confirmed;
        if (!allowed)
        {
            var byOfficer = method == Training.CheckInMethod.Manual;
            throw Status switch
            {
                EnrollmentStatus.Waitlisted => new DomainException("training.not_confirmed", byOfficer ? "该职工还在候补中，没有座位，不能签到" : "您还在候补中，没有座位，不能签到"),
                EnrollmentStatus.Offered => new DomainException("training.not_confirmed", byOfficer ? "该职工尚未确认候补名额，请先在小程序中确认" : "请先确认候补名额，再签到"),
                _ => Invalid("签到"),
            };
        }

        Status = EnrollmentStatus.CheckedIn;
        CheckedInAt = now;
        CheckInMethod = method;
        CheckedInByOfficerId = officerId;
        UpdatedAt = now;
        return true;
    }

    public void MarkNoShow(DateTime now)
    {
        Require(EnrollmentStatus.Confirmed, "记为未到");
        Status = EnrollmentStatus.NoShow;
        UpdatedAt = now;
    }

    private void Require(EnrollmentStatus expected, string action)
    {
        if (Status != expected)
        {
            throw Invalid(action);
        }
    }

    private DomainException Invalid(string action) =>
        DomainException.Conflict("training.enrollment_invalid_state", $"报名当前状态为“{TrainingNames.Of(Status)}”，不能{action}");
}

internal sealed class TrainingEnrollmentMapping : IEntityTypeConfiguration<TrainingEnrollment>
{
    internal const string ActiveFilter = "\"Status\" IN ('Confirmed', 'Waitlisted', 'Offered', 'CheckedIn', 'NoShow')";

    public void Configure(EntityTypeBuilder<TrainingEnrollment> e)
    {
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.CheckInMethod).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.HoldsSeat);
        e.Ignore(x => x.IsActive);
        e.HasIndex(x => new { x.SessionId, x.WorkerId }).IsUnique().HasFilter(ActiveFilter).HasDatabaseName("IX_TrainingEnrollments_SessionId_WorkerId_Active");
        // A backstop under the seat ledger: two enrolments can never share a waitlist position.
        e.HasIndex(x => new { x.SessionId, x.WaitlistPosition }).IsUnique();
        e.HasIndex(x => new { x.SessionId, x.Status });
        e.HasIndex(x => new { x.WorkerId, x.Status });
        e.HasIndex(x => new { x.CourseId, x.WorkerId });
        e.HasIndex(x => new { x.Status, x.OfferExpiresAt });
        e.HasOne<TrainingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TrainingCourse>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
    }
}
