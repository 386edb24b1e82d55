namespace Changai.Domain.Telemetry;

/// <summary>Who may read /metrics, bound from "Metrics".</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>A scraper on another machine sends <c>Authorization: Bearer {Token}</c>. Unset: loopback callers only.</summary>
    public string? Token { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>How long a gauge read from storage (the outbox backlog) is reused before it is read again.</summary>
    public int GaugeCacheSeconds { get; set; } = 5;
}
