using System.Collections.Concurrent;

namespace Changai.WeChat;

public sealed class InMemoryWeChatAccessTokenCache : IWeChatAccessTokenCache
{
    private readonly ConcurrentDictionary<string, WeChatAccessToken> _tokens = new(StringComparer.Ordinal);

    public ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken ct) =>
        ValueTask.FromResult(_tokens.GetValueOrDefault(appId));

    public ValueTask SetAsync(string appId, WeChatAccessToken token, CancellationToken ct)
    {
        _tokens[appId] = token;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string appId, string tokenValue, CancellationToken ct)
    {
        if (_tokens.TryGetValue(appId, out var current) && current.Value == tokenValue)
        {
            _tokens.TryRemove(KeyValuePair.Create(appId, current));
        }

        return ValueTask.CompletedTask;
    }
}
