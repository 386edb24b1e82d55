using System.Globalization;
using Changai.WeChat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Changai.Domain.Caching;

/// <summary>
/// One WeChat access token per app for every process. Racing refreshes in two processes are harmless because
/// stable_token hands out the same token while it is valid; sharing it saves the fetches and keeps a rejected token from
/// being used elsewhere. If Redis is unreachable the provider simply fetches (and WeChat answers with the same token).
/// </summary>
public sealed class RedisWeChatAccessTokenCache(ConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisWeChatAccessTokenCache> logger)
    : IWeChatAccessTokenCache
{
    public async ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken ct)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(appId));
            return value.IsNull ? null : Parse(value!);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for the access token ({Error})", e.GetType().Name);
            return null;
        }
    }

    public async ValueTask SetAsync(string appId, WeChatAccessToken token, CancellationToken ct)
    {
        var lifetime = token.ExpiresAt - time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(Key(appId), Format(token), lifetime);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for the access token ({Error})", e.GetType().Name);
        }
    }

    /// <summary>Deletes the cached token only if it is still the rejected one (another process may have renewed it).</summary>
    public async ValueTask RemoveAsync(string appId, string tokenValue, CancellationToken ct)
    {
        try
        {
            var db = redis.GetDatabase();
            var current = await db.StringGetAsync(Key(appId));
            if (current.IsNull || Parse(current!).Value != tokenValue)
            {
                return;
            }

            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.StringEqual(Key(appId), current));
            _ = transaction.KeyDeleteAsync(Key(appId));
            await transaction.ExecuteAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for the access token ({Error})", e.GetType().Name);
        }
    }

    private string Key(string appId) => $"{options.Value.KeyPrefix}:wechat:access-token:{appId}";

    private static string Format(WeChatAccessToken token) =>
        token.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "|" + token.Value;

    private static WeChatAccessToken Parse(string value)
    {
        var bar = value.IndexOf('|');
        return new WeChatAccessToken(value[(bar + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value[..bar], CultureInfo.InvariantCulture)));
    }
}
