namespace Changai.Domain.Data;

/// <summary>
/// The outcome of a submission made with an <c>Idempotency-Key</c>, so a retry on a weak network gets the same answer
/// instead of a second submission. A row with <see cref="StatusCode"/> 0 is a request still in progress.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; init; }

    public Guid SubjectId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and body: the same key with a different request is refused.</summary>
    public required string RequestHash { get; init; }

    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? ResponseContentType { get; set; }

    public DateTime CreatedAt { get; init; }
}
