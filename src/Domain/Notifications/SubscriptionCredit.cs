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
