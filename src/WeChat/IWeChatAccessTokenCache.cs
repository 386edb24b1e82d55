namespace Changai.WeChat;

/// <summary>Where access tokens are kept, one per appid. In memory by default; a shared implementation (Redis)
/// lets several processes use one token instead of each fetching its own.</summary>
public interface IWeChatAccessTokenCache
{
    ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken ct);

    ValueTask SetAsync(string appId, WeChatAccessToken token, CancellationToken ct);

    /// <summary>Removes the cached token only if it is still <paramref name="tokenValue"/>, so that a token someone
    /// else has already replaced is not thrown away.</summary>
    ValueTask RemoveAsync(string appId, string tokenValue, CancellationToken ct);
}
