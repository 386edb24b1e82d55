namespace Changai.Domain.Common;

/// <summary>How a broken rule is reported to the caller; the API maps each kind to an HTTP status.</summary>
public enum DomainErrorKind
{
    BadRequest,
    Forbidden,
    NotFound,
    Conflict,
    Unprocessable,
}

/// <summary>
/// A rule the caller broke. <see cref="Code"/> is stable and machine-readable (e.g. <c>membership.already_member</c>);
/// the message is zh-CN and shown to the worker as is.
/// </summary>
public sealed class DomainException(string code, string message, DomainErrorKind kind = DomainErrorKind.Unprocessable)
    : Exception(message)
{
    public string Code { get; } = code;
    public DomainErrorKind Kind { get; } = kind;

    public static DomainException NotFound(string code, string message) => new(code, message, DomainErrorKind.NotFound);
    public static DomainException Conflict(string code, string message) => new(code, message, DomainErrorKind.Conflict);
    public static DomainException Forbidden(string code, string message) => new(code, message, DomainErrorKind.Forbidden);
    public static DomainException BadRequest(string code, string message) => new(code, message, DomainErrorKind.BadRequest);
}
