using System.ComponentModel.DataAnnotations;

namespace Changai.Domain.Training;

public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>HMAC-SHA256 key for the rotating check-in QR tokens, base64, at least 32 bytes (checked at start by the API).</summary>
    public string CheckInSigningKey { get; set; } = "";

    /// <summary>How long a worker offered a freed seat has to confirm it before it passes to the next on the waitlist.</summary>
    [Range(5, 7 * 24 * 60)]
    public int OfferConfirmMinutes { get; set; } = 12 * 60;

    /// <summary>No-shows within <see cref="NoShowPeriodDays"/> from which a worker joins waitlists behind everyone else.</summary>
    [Range(1, 100)]
    public int NoShowThreshold { get; set; } = 2;

    [Range(1, 3650)]
    public int NoShowPeriodDays { get; set; } = 180;

    public TimeSpan OfferWindow => TimeSpan.FromMinutes(OfferConfirmMinutes);
}
