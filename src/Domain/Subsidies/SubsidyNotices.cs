using System.Globalization;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Notifications;

namespace Changai.Domain.Subsidies;

/// <summary>Notification kinds of this feature and how a worker's status message is written.</summary>
public static class SubsidyNotices
{
    public const string Submitted = "subsidies.submitted";
    public const string LevelApproved = "subsidies.level_approved";
    public const string Approved = "subsidies.approved";
    public const string Rejected = "subsidies.rejected";
    public const string Returned = "subsidies.returned";
    public const string Paid = "subsidies.paid";
    public const string DrawResult = "subsidies.draw_result";
    public const string CorrectionDue = "subsidies.correction_due";
    public const string Expired = "subsidies.expired";
    public const string OfficerDigest = "officer.subsidy_digest";
    public const string OfficerEscalation = "officer.subsidy_escalation";

    public static void ToWorker(AppDbContext db, DateTime now, SubsidyApplication application, string programName, string kind, string title, string body, string? slot = null) =>
        db.Enqueue(now, Outbox.WorkerRecipient, application.WorkerId, kind, application.Id,
            slot ?? application.Version.ToString(CultureInfo.InvariantCulture), title, body, $"pages/subsidies/detail?id={application.Id}",
            new Dictionary<string, string>
            {
                ["program"] = programName,
                ["status"] = SubsidyStatusNames.Short(application.Status),
                ["comment"] = application.ReviewComment ?? "",
                ["time"] = ChinaTime.ToChina(now).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
            });

    public static string DedupKey(string kind, Guid subjectId, Guid recipientId, string slot) => $"{kind}:{subjectId:N}:{recipientId:N}:{slot}";
}
