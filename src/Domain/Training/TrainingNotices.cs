using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.WeChat;

namespace Changai.Domain.Training;

/// <summary>
/// The notifications of training, written into the outbox with the change that causes them. Each carries <c>course</c>,
/// <c>status</c>, <c>time</c> (the session start, or the deadline for an offer), <c>deadline</c>, <c>place</c> and
/// <c>remark</c> for the template mappings (<c>Notifications:Templates</c>).
/// </summary>
public static class TrainingNotices
{
    public const string Confirmed = "training.confirmed";
    public const string Waitlisted = "training.waitlisted";
    public const string SeatOffered = "training.seat_offered";
    public const string OfferExpired = "training.offer_expired";
    public const string ReminderDayBefore = "training.reminder_day_before";
    public const string ReminderTwoHours = "training.reminder_two_hours";
    public const string SessionCancelled = "training.session_cancelled";
    public const string CertificateRecorded = "training.certificate_recorded";

    public const string Page = "pages/training/enrollments";

    /// <summary>What the texts need to know of a session.</summary>
    public sealed record SessionInfo(Guid SessionId, string CourseTitle, string SessionTitle, DateTime StartsAt, string Place)
    {
        public static SessionInfo Of(TrainingCourse course, TrainingSession session) => new(session.Id, course.Title, session.Title, session.StartsAt, session.Place);
    }

    public static void NotifyConfirmed(this AppDbContext db, DateTime now, TrainingEnrollment e, SessionInfo s) =>
        Send(db, now, e.WorkerId, Confirmed, e.Id, "confirmed", "培训报名成功",
            $"您已报名“{s.CourseTitle}”（{s.SessionTitle}），{When(s.StartsAt)}在{s.Place}开课，请按时到场扫码签到。",
            s, remark: $"地点：{s.Place}", page: e.Id);

    public static void NotifyWaitlisted(this AppDbContext db, DateTime now, TrainingEnrollment e, SessionInfo s) =>
        Send(db, now, e.WorkerId, Waitlisted, e.Id, "waitlisted", "培训报名候补中",
            $"“{s.CourseTitle}”（{s.SessionTitle}）名额已满，您是候补第 {e.WaitlistPosition} 位。有名额空出时会通知您确认。",
            s, remark: $"候补第{e.WaitlistPosition}位，有空位将通知您", page: e.Id);

    public static void NotifyOffered(this AppDbContext db, DateTime now, TrainingEnrollment e, SessionInfo s) =>
        Send(db, now, e.WorkerId, SeatOffered, e.Id, "offered", "候补名额待确认",
            $"“{s.CourseTitle}”（{s.SessionTitle}）空出了一个名额，已为您保留至 {When(e.OfferExpiresAt!.Value)}，请在此之前确认，逾期将顺延给下一位。",
            s, remark: "有空出名额，请在截止前确认报名", page: e.Id, deadline: e.OfferExpiresAt);

    public static void NotifyOfferExpired(this AppDbContext db, DateTime now, TrainingEnrollment e, SessionInfo s) =>
        Send(db, now, e.WorkerId, OfferExpired, e.Id, "offer-expired", "候补名额已过期",
            $"您未在期限内确认“{s.CourseTitle}”（{s.SessionTitle}）的候补名额，名额已顺延给下一位。", s, remark: "未在期限内确认，名额已顺延", page: e.Id);

    public static void NotifyReminder(this AppDbContext db, DateTime now, Guid workerId, bool dayBefore, SessionInfo s)
    {
        var slot = (dayBefore ? "day-before-" : "two-hours-") + s.StartsAt.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        Send(db, now, workerId, dayBefore ? ReminderDayBefore : ReminderTwoHours, s.SessionId, slot, "培训开课提醒",
            $"您报名的“{s.CourseTitle}”（{s.SessionTitle}）将于{When(s.StartsAt)}在{s.Place}开课，请提前到场扫码签到。",
            s, remark: $"地点：{s.Place}", page: null);
    }

    public static void NotifySessionCancelled(this AppDbContext db, DateTime now, Guid workerId, SessionInfo s, string reason) =>
        Send(db, now, workerId, SessionCancelled, s.SessionId, "cancelled", "培训班次已取消",
            $"很抱歉，“{s.CourseTitle}”（{s.SessionTitle}，原定{When(s.StartsAt)}）已取消，原因：{reason}。您的报名已自动取消。",
            s, remark: $"原因：{reason}", page: null);

    public static void NotifyCertificate(this AppDbContext db, DateTime now, Guid workerId, Guid certificateId, string courseTitle, string occupation, string number) =>
        db.Enqueue(now, Outbox.WorkerRecipient, workerId, CertificateRecorded, certificateId, "recorded", "培训证书已登记",
            $"您参加“{courseTitle}”取得的{occupation}证书（编号 {number}）已登记，可在“我的资料”中查看，申请技能提升补贴时可直接选用。",
            Page, new Dictionary<string, string>
            {
                ["course"] = occupation, ["status"] = "已发证", ["time"] = SubscribeValueFormatter.FormatTime(now), ["remark"] = $"证书编号{number}",
            });

    private static void Send(
        AppDbContext db, DateTime now, Guid workerId, string kind, Guid subjectId, string slot, string title, string body, SessionInfo s,
        string remark, Guid? page, DateTime? deadline = null) =>
        db.Enqueue(now, Outbox.WorkerRecipient, workerId, kind, subjectId, slot, title, body,
            page is { } id ? $"{Page}?id={id}" : $"{Page}?session={s.SessionId}",
            new Dictionary<string, string>
            {
                ["course"] = s.CourseTitle,
                ["status"] = kind switch { Confirmed => "报名成功", Waitlisted => "候补中", _ => "" },
                ["time"] = SubscribeValueFormatter.FormatTime(s.StartsAt),
                ["deadline"] = deadline is { } d ? SubscribeValueFormatter.FormatTime(d) : "",
                ["place"] = s.Place,
                ["remark"] = remark,
            });

    private static string When(DateTime utc) => Common.ChinaTime.ToChina(utc).ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
