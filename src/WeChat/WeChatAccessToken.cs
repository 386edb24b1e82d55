namespace Changai.WeChat;

/// <summary>An access token and the moment WeChat stops accepting it.</summary>
public sealed record WeChatAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    // Records print every property; the token must not reach logs.
    public override string ToString() => $"WeChatAccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
