using System.ComponentModel.DataAnnotations;

namespace Changai.Api.Infrastructure.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    [Required]
    public string Issuer { get; set; } = "changai";

    [Required]
    public string Audience { get; set; } = "changai-miniprogram";

    /// <summary>HMAC-SHA256 key for access tokens and card QR tokens, base64, at least 32 bytes.</summary>
    public string SigningKey { get; set; } = "";

    [Range(1, 120)]
    public int AccessTokenMinutes { get; set; } = 30;

    [Range(1, 90)]
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>Life of a membership-card QR token: short, so a screenshot cannot be reused for long.</summary>
    [Range(30, 3600)]
    public int CardTokenSeconds { get; set; } = 120;

    public byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey);
}

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    [Range(1, 100000)]
    public int LoginPerIpPerMinute { get; set; } = 30;

    [Range(1, 100000)]
    public int LoginPerAccountPerMinute { get; set; } = 10;

    /// <summary>Wrong passwords in a row from one address for one account before each next one earns a wait (1 s, 2 s, 4 s …).</summary>
    [Range(0, 1000)]
    public int LoginFreeFailuresPerSource { get; set; } = 5;

    /// <summary>The longest wait one address can earn for one account.</summary>
    [Range(1, 86400)]
    public int LoginMaxDelaySeconds { get; set; } = 900;

    /// <summary>
    /// Wrong passwords for one account from all addresses within an hour after which addresses that never logged in to it
    /// get no free tries (guessing spread over many addresses is slowed; the account is never locked).
    /// </summary>
    [Range(1, 1000000)]
    public int LoginAccountFailuresPerHourBeforeSlowdown { get; set; } = 100;
}
