namespace Changai.Domain.Notifications;

/// <summary>How a notification kind becomes a WeChat subscribe message.</summary>
public sealed class TemplateMapping
{
    public string TemplateId { get; set; } = "";

    /// <summary>Mini-program page to open; the notification's own page (with its query) is used when empty.</summary>
    public string? Page { get; set; }

    /// <summary>
    /// Template keyword → where its value comes from: a key of the notification's data, or <c>title</c>/<c>body</c>/
    /// <c>createdAt</c>; several separated by <c>|</c> take the first that is not empty.
    /// </summary>
    public Dictionary<string, string> Fields { get; set; } = [];
}

public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>By notification kind (<c>membership.approved</c>, …). A kind without a mapping is delivered to the inbox only.</summary>
    public Dictionary<string, TemplateMapping> Templates { get; set; } = [];

    public int BatchSize { get; set; } = 100;

    public int LeaseSeconds { get; set; } = 120;

    /// <summary>
    /// Sending lanes per process: messages in flight at once, each lane one at a time. Outcomes are written in batches by
    /// one loop per process (one database connection), so a lane costs no connection; more lanes put more messages in each
    /// commit. It is also what a crash can leave in doubt: at most one message per lane, each one whose request had
    /// started. Use 1 on SQLite, which has a single writer.
    /// </summary>
    public int Senders { get; set; } = 16;

    /// <summary>Attempts for temporary failures (-1, 45011, network) before the notification counts as failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>Ceiling on subscribe-message sends per second, across all Jobs processes; 0 for none.</summary>
    public int MaxSendsPerSecond { get; set; } = 100;

    /// <summary>Officers get a digest of join applications waiting longer than this many days.</summary>
    public int DigestWaitingDays { get; set; } = 3;

    public bool IsKnownTemplate(string templateId) => Templates.Values.Any(t => t.TemplateId == templateId);
}
