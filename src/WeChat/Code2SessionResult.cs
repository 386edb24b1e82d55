namespace Changai.WeChat;

/// <summary>Result of auth.code2Session. <see cref="SessionKey"/> must never leave the server.</summary>
public sealed record Code2SessionResult(string OpenId, string SessionKey, string? UnionId)
{
    // Records print every property; keep the session key out of logs that format this object.
    public override string ToString() => $"Code2SessionResult {{ OpenId = {OpenId}, UnionId = {UnionId} }}";
}
