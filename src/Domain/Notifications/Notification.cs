namespace Changai.Domain.Notifications;

public enum DeliveryStatus
{
    /// <summary>Waiting for the dispatcher.</summary>
    Pending,
    Sent,
    /// <summary>Not sent through WeChat (no subscription credit); still in the inbox.</summary>
    Skipped,
    Failed,
}

/// <summary>
/// One message for one person: the outbox row the dispatcher sends through WeChat and the inbox item the person always
/// sees in the app. Written in the same transaction as the change that causes it; <see cref="DedupKey"/> is unique so
/// the same reminder is never queued twice.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; init; }

    public required string RecipientType { get; init; }

    public Guid RecipientId { get; init; }

    /// <summary>e.g. <c>membership.approved</c>; configuration maps it to a WeChat template.</summary>
    public required string Kind { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    /// <summary>Mini-program page to open, e.g. <c>pages/membership/status</c>.</summary>
    public string? Page { get; init; }

    /// <summary>Template field values as JSON (<c>{"result":"已通过", ...}</c>).</summary>
    public string? DataJson { get; init; }

    public required string DedupKey { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime DueAt { get; init; }

    public DeliveryStatus DeliveryStatus { get; set; }

    /// <summary>When the dispatcher may (re)try it: <see cref="DueAt"/> at first, later after a back-off.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The dispatcher run that claimed it; with <see cref="LeaseExpiresAt"/>, so a crashed sender's claim lapses.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why it was not sent: a WeChat errcode, or <c>no_credit</c>, <c>no_template</c>, <c>no_openid</c>, <c>network</c>.</summary>
    public string? LastError { get; set; }

    public string? TemplateId { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>
    /// Set just before the message goes to WeChat, cleared with the outcome. Still set on a lapsed lease means the sender
    /// died (or lost the database) between sending and recording: WeChat may or may not have the message, and since it
    /// offers no way to ask, the dispatcher marks it in doubt instead of sending it a second time (the inbox has it anyway).
    /// </summary>
    public DateTime? SendStartedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

public static class Outbox
{
    public const string WorkerRecipient = "worker";
    public const string OfficerRecipient = "officer";

    /// <summary>
    /// Queues a notification in the current unit of work. <paramref name="slot"/> distinguishes repeats that are meant
    /// (a second return for correction) from duplicates that are not (the same event written twice).
    /// </summary>
    public static Notification Enqueue(
        this Data.AppDbContext db, DateTime now, string recipientType, Guid recipientId, string kind, Guid subjectId, string slot,
        string title, string body, string? page, IReadOnlyDictionary<string, string>? data = null)
    {
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(),
            RecipientType = recipientType,
            RecipientId = recipientId,
            Kind = kind,
            Title = title,
            Body = body,
            Page = page,
            DataJson = data is null ? null : System.Text.Json.JsonSerializer.Serialize(data),
            DedupKey = $"{kind}:{subjectId:N}:{recipientId:N}:{slot}",
            CreatedAt = now,
            DueAt = now,
            NextAttemptAt = now,
            DeliveryStatus = DeliveryStatus.Pending,
        };
        db.Notifications.Add(notification);
        return notification;
    }
}
