using Changai.Api.Infrastructure.Security;
using Changai.Domain.Caching;
using Microsoft.Extensions.Options;

namespace Changai.Api.Infrastructure.RateLimiting;

/// <summary>Limits login attempts per client IP and per account, across instances when Redis is configured.</summary>
public sealed class LoginThrottle(ICounterStore counters, IOptions<RateLimitOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async Task CheckIpAsync(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await counters.IncrementAsync("login-ip:" + ip, Window) > options.Value.LoginPerIpPerMinute)
        {
            throw new RateLimitedException(60);
        }
    }

    public async Task CheckAccountAsync(HttpContext context, string account)
    {
        if (await counters.IncrementAsync("login-account:" + account.ToLowerInvariant(), Window) > options.Value.LoginPerAccountPerMinute)
        {
            throw new RateLimitedException(60);
        }
    }
}

public sealed class RateLimitedException(int retryAfterSeconds) : Exception("登录尝试过于频繁，请一分钟后再试")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
