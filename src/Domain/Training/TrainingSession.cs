using Changai.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Training;

public enum SessionStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// One session (班次) of a course: when and where, how many seats, and its windows for enrolment, cancellation and check-in.
/// <see cref="SeatsTaken"/> and <see cref="WaitlistIssued"/> are the session's seat ledger: they change only while the row
/// is locked (<see cref="SeatLedger"/>), which is what keeps a burst of enrolments from overselling the seats.
/// </summary>
public sealed class TrainingSession
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    /// <summary>e.g. 第1期 or 理论课（上午）.</summary>
    public required string Title { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public string? Address { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? OnlineUrl { get; set; }

    public int Capacity { get; set; }

    public DateTime EnrollmentOpensAt { get; set; }

    public DateTime EnrollmentClosesAt { get; set; }

    /// <summary>Until then a worker holding a seat can cancel and the seat passes to the waitlist.</summary>
    public DateTime CancellationDeadline { get; set; }

    public DateTime CheckInOpensAt { get; set; }

    public DateTime CheckInClosesAt { get; set; }

    public SessionStatus Status { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>Seats held: confirmed, offered (awaiting confirmation), checked in, or no-show.</summary>
    public int SeatsTaken { get; set; }

    /// <summary>The last waitlist position handed out; positions are never reused.</summary>
    public int WaitlistIssued { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }

    public string Place => OnlineUrl is not null && Address is null ? "线上" : Address ?? "线上";

    public void Schedule(SessionTimes times)
    {
        StartsAt = times.StartsAt;
        EndsAt = times.EndsAt;
        EnrollmentOpensAt = times.EnrollmentOpensAt;
        EnrollmentClosesAt = times.EnrollmentClosesAt;
        CancellationDeadline = times.CancellationDeadline;
        CheckInOpensAt = times.CheckInOpensAt;
        CheckInClosesAt = times.CheckInClosesAt;
    }

    public SessionTimes Times => new(StartsAt, EndsAt, EnrollmentOpensAt, EnrollmentClosesAt, CancellationDeadline, CheckInOpensAt, CheckInClosesAt);

    public void EnsureEnrollmentOpen(DateTime now)
    {
        EnsureScheduled();
        if (now < EnrollmentOpensAt)
        {
            throw new DomainException("training.enrollment_not_open", $"报名将于 {ChinaTime.ToChina(EnrollmentOpensAt):M月d日 HH:mm} 开始，请届时再来");
        }

        if (now > EnrollmentClosesAt || now >= StartsAt)
        {
            throw new DomainException("training.enrollment_closed", "该班次报名已截止");
        }
    }

    public void EnsureCheckInOpen(DateTime now)
    {
        EnsureScheduled();
        if (now < CheckInOpensAt)
        {
            throw new DomainException("training.check_in_not_open", $"签到将于 {ChinaTime.ToChina(CheckInOpensAt):M月d日 HH:mm} 开始");
        }

        if (now > CheckInClosesAt)
        {
            throw new DomainException("training.check_in_closed", "签到时间已过，如确已到场请联系现场工作人员补签");
        }
    }

    public void EnsureScheduled()
    {
        if (Status == SessionStatus.Cancelled)
        {
            throw DomainException.Conflict("training.session_cancelled", "该班次已取消");
        }
    }

    public void EnsureNotStarted(DateTime now)
    {
        EnsureScheduled();
        if (now >= StartsAt)
        {
            throw DomainException.Conflict("training.session_started", "该班次已开始，不能再修改或取消");
        }
    }

    public void Cancel(string reason, DateTime now)
    {
        EnsureNotStarted(now);
        Status = SessionStatus.Cancelled;
        CancelReason = reason;
        CancelledAt = now;
        UpdatedAt = now;
    }
}

/// <summary>The times of a session, with the defaults an officer usually wants and the rules that keep them consistent.</summary>
public sealed record SessionTimes(
    DateTime StartsAt, DateTime EndsAt, DateTime EnrollmentOpensAt, DateTime EnrollmentClosesAt, DateTime CancellationDeadline,
    DateTime CheckInOpensAt, DateTime CheckInClosesAt)
{
    public static readonly TimeSpan DefaultCancellationNotice = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultCheckInLead = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Enrolment opens now and closes at the start; cancelling is possible until 24 hours before (not before enrolment
    /// opens); check-in runs from 30 minutes before the start to 30 minutes after (not after the end).
    /// </summary>
    public static SessionTimes WithDefaults(
        DateTime startsAt, DateTime endsAt, DateTime? enrollmentOpensAt, DateTime? enrollmentClosesAt, DateTime? cancellationDeadline,
        DateTime? checkInOpensAt, DateTime? checkInClosesAt, DateTime now)
    {
        var opens = enrollmentOpensAt ?? now;
        var cancelUntil = cancellationDeadline ?? Max(startsAt - DefaultCancellationNotice, opens);
        return new SessionTimes(
            startsAt, endsAt, opens, enrollmentClosesAt ?? startsAt, cancelUntil,
            checkInOpensAt ?? startsAt - DefaultCheckInLead, checkInClosesAt ?? Min(startsAt + DefaultCheckInLead, endsAt));
    }

    /// <summary>Each broken rule with the request field it concerns.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (EndsAt <= StartsAt)
        {
            problems.Add(("endsAt", "结束时间应晚于开始时间"));
        }
        else if (EndsAt - StartsAt > TimeSpan.FromDays(31))
        {
            problems.Add(("endsAt", "一个班次最长 31 天，更长的培训请分为多个班次"));
        }

        if (EnrollmentClosesAt <= EnrollmentOpensAt)
        {
            problems.Add(("enrollmentClosesAt", "报名截止时间应晚于报名开始时间"));
        }

        if (EnrollmentClosesAt > StartsAt)
        {
            problems.Add(("enrollmentClosesAt", "报名截止时间不能晚于开课时间"));
        }

        if (CancellationDeadline > StartsAt)
        {
            problems.Add(("cancellationDeadline", "取消报名截止时间不能晚于开课时间"));
        }

        if (CheckInClosesAt <= CheckInOpensAt)
        {
            problems.Add(("checkInClosesAt", "签到结束时间应晚于签到开始时间"));
        }

        if (CheckInOpensAt < StartsAt - TimeSpan.FromDays(1))
        {
            problems.Add(("checkInOpensAt", "签到最早在开课前 24 小时开放"));
        }

        if (CheckInClosesAt > EndsAt)
        {
            problems.Add(("checkInClosesAt", "签到结束时间不能晚于培训结束时间"));
        }

        return problems;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

internal sealed class TrainingSessionMapping : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> e)
    {
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.Place);
        e.Ignore(x => x.Times);
        e.HasIndex(x => new { x.CourseId, x.StartsAt });
        e.HasIndex(x => new { x.Status, x.StartsAt });
        e.HasOne<TrainingCourse>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}
