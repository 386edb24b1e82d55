using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Notifications;

/// <summary>
/// How many one-time subscribe messages a person allowed for a template: each "accept" in wx.requestSubscribeMessage adds
/// one, each successful send uses one, and WeChat's 43101 says there are none left whatever we counted.
/// </summary>
public sealed class SubscriptionCredit
{
    public Guid Id { get; init; }

    public required string RecipientType { get; init; }

    public Guid RecipientId { get; init; }

    public required string TemplateId { get; init; }

    public int Credits { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public static class SubscriptionCreditQueries
{
    /// <summary>The one row (unique index) counting a person's allowed sends of a template.</summary>
    public static IQueryable<SubscriptionCredit> Of(this IQueryable<SubscriptionCredit> credits, string recipientType, Guid recipientId, string templateId) =>
        credits.Where(c => c.RecipientType == recipientType && c.RecipientId == recipientId && c.TemplateId == templateId);

    /// <summary>Adds <paramref name="delta"/> to the matching rows in one UPDATE; returns how many rows changed.</summary>
    public static Task<int> AddCreditsAsync(this IQueryable<SubscriptionCredit> credits, int delta, DateTime now, CancellationToken ct) =>
        credits.ExecuteUpdateAsync(s => s.SetProperty(c => c.Credits, c => c.Credits + delta).SetProperty(c => c.UpdatedAt, now), ct);
}
