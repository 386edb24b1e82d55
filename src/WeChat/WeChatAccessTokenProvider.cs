using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.WeChat;

/// <summary>Hands out the app's access token from <c>/cgi-bin/stable_token</c>: cached, renewed 300 s before it
/// expires, fetched by one caller at a time while the others wait for that result.</summary>
/// <remarks>stable_token is used rather than the legacy <c>/cgi-bin/token</c> because every legacy call invalidates
/// the previous token, so processes refreshing independently would knock out each other's tokens.</remarks>
public sealed class WeChatAccessTokenProvider(
    IWeChatAccessTokenCache cache,
    IHttpClientFactory httpClientFactory,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    WeChatMetrics metrics,
    ILogger<WeChatAccessTokenProvider> logger)
{
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan ForceRefreshSpacing = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _lastForceRefreshAt;

    private string AppId => options.Value.AppId;

    public async Task<string> GetTokenAsync(CancellationToken ct = default)
    {
        if (await GetUsableAsync(ct) is { } token)
        {
            return token.Value;
        }

        await _gate.WaitAsync(ct);
        try
        {
            // Whoever held the gate before us has probably fetched one already.
            if (await GetUsableAsync(ct) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile.Value;
            }

            var fresh = await FetchAsync(forceRefresh: false, ct);
            await cache.SetAsync(AppId, fresh, ct);
            return fresh.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called after a business API rejected <paramref name="rejectedToken"/> (40001, 40014, 42001).
    /// Returns a different token to retry with once, or null when WeChat keeps handing out the rejected one.</summary>
    public async Task<string?> RenewAsync(string rejectedToken, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // Several calls fail with the same token at once; only the first needs to fetch.
            if (await GetUsableAsync(ct) is { } current && current.Value != rejectedToken)
            {
                return current.Value;
            }

            await cache.RemoveAsync(AppId, rejectedToken, ct);
            var fresh = await FetchAsync(forceRefresh: false, ct);
            if (fresh.Value == rejectedToken)
            {
                // WeChat still considers the rejected token current: only a forced refresh replaces it, and that
                // is limited to 20 a day, 30 s apart.
                var now = time.GetUtcNow();
                if (_lastForceRefreshAt is { } last && now - last < ForceRefreshSpacing)
                {
                    logger.ForceRefreshTooSoon(AppId);
                    return null;
                }

                _lastForceRefreshAt = now;
                fresh = await FetchAsync(forceRefresh: true, ct);
            }

            await cache.SetAsync(AppId, fresh, ct);
            return fresh.Value == rejectedToken ? null : fresh.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<WeChatAccessToken?> GetUsableAsync(CancellationToken ct)
    {
        var token = await cache.GetAsync(AppId, ct);
        return token is not null && time.GetUtcNow() < token.ExpiresAt - RenewBeforeExpiry ? token : null;
    }

    private async Task<WeChatAccessToken> FetchAsync(bool forceRefresh, CancellationToken ct)
    {
        var o = options.Value;
        var body = WeChatJson.Serialize(new
        {
            grant_type = "client_credential",
            appid = o.AppId,
            secret = o.AppSecret,
            force_refresh = forceRefresh,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "cgi-bin/stable_token") { Content = WeChatJson.Content(body) };
        if (forceRefresh)
        {
            // A forced refresh invalidates the previous token and is limited to 20 a day: never repeated by the pipeline.
            request.Options.Set(WeChatResilience.NeverRetryKey, true);
        }

        var http = httpClientFactory.CreateClient(WeChatClient.HttpClientName);
        var response = (await WeChatHttp.SendAsync(http, WeChatApiNames.StableToken, request, imageExpected: false, logger, metrics, ct))
            .EnsureSuccess(logger);

        var value = response.RequiredString(response.Json, "access_token");
        var expiresIn = response.Json.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 0;
        if (expiresIn <= 0)
        {
            throw new WeChatTransportException(WeChatApiNames.StableToken, "response lacks 'expires_in'");
        }

        logger.AccessTokenFetched(o.AppId, forceRefresh, expiresIn);
        return new WeChatAccessToken(value, time.GetUtcNow().AddSeconds(expiresIn));
    }
}
