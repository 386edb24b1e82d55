namespace Changai.Domain.Data;

/// <summary>
/// How long personal data that has served its purpose is kept before <see cref="RecordRetention"/> deletes it (PIPL
/// art. 19 and 47). Defaults are in docs/operations.md; every period must be positive.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Refresh tokens are deleted this long after they expire (a reused token can still be recognised until then).</summary>
    public int RefreshTokenGraceDays { get; set; } = 7;

    /// <summary>Stored answers to retried submissions (they contain response bodies).</summary>
    public int IdempotencyHours { get; set; } = 24;

    /// <summary>The WeChat session_key of a worker who has not logged in for this long is erased.</summary>
    public int SessionKeyDays { get; set; } = 30;

    /// <summary>Rejected and withdrawn join applications (with their ID-number and phone snapshots) are deleted this long after the decision.</summary>
    public int ClosedMembershipApplicationDays { get; set; } = 180;

    /// <summary>Subsidy claims that paid nothing (rejected, not drawn, withdrawn, expired): personal snapshot and attachments erased this long after the decision.</summary>
    public int RefusedSubsidyClaimDays { get; set; } = 180;

    /// <summary>Attachments of paid subsidy cases are deleted this long after payment (the payment record itself stays).</summary>
    public int PaidSubsidyAttachmentDays { get; set; } = 1095;

    /// <summary>Inbox notifications that are no longer waiting to be sent are deleted this long after they were written.</summary>
    public int NotificationDays { get; set; } = 365;

    public bool IsValid =>
        RefreshTokenGraceDays > 0 && IdempotencyHours > 0 && SessionKeyDays > 0 && ClosedMembershipApplicationDays > 0
        && RefusedSubsidyClaimDays > 0 && PaidSubsidyAttachmentDays > 0 && NotificationDays > 0;
}
