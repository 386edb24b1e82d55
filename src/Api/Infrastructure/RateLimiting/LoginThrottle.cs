using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Caching;
using Changai.Domain.Identity;
using Microsoft.Extensions.Options;

namespace Changai.Api.Infrastructure.RateLimiting;

/// <summary>
/// Limits login attempts, across instances when Redis is configured. Officer logins are limited per account <em>and</em>
/// source address together, so that nobody can keep an officer out from somewhere else (docs/decisions.md, "Officer login"):
/// wrong passwords from one source earn that source a growing wait (429 with Retry-After), never a lock of the account.
/// The answers depend only on the name typed, never on whether such an account exists.
/// </summary>
public sealed class LoginThrottle(ICounterStore counters, ILoginStateStore state, IOptions<RateLimitOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FailureMemory = TimeSpan.FromHours(24);
    private static readonly TimeSpan AccountFailureWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan KnownSourceMemory = TimeSpan.FromDays(30);

    // A wait ends when the API's clock passes the time stored in it (one clock for every instance); the store's expiry only
    // clears the key away afterwards. An expiry equal to the wait let Redis, on its own clock, end a wait the API's clock
    // had not yet ended.
    private static readonly TimeSpan WaitKeptBeyondItsEnd = TimeSpan.FromMinutes(1);

    /// <summary>One officer login attempt: the account as typed (lower case) and the client's address.</summary>
    public sealed record Attempt(string Account, string Source);

    public async Task CheckIpAsync(HttpContext context)
    {
        if (await counters.IncrementAsync("login-ip:" + SourceOf(context), Window) > options.Value.LoginPerIpPerMinute)
        {
            throw new RateLimitedException(60);
        }
    }

    /// <summary>
    /// Before the password is checked: the per-address ceiling, the per-account-and-address ceiling and the wait earned by
    /// earlier wrong passwords from this address. Throws <see cref="RateLimitedException"/> when the source must wait.
    /// </summary>
    public async Task<Attempt> BeginOfficerLoginAsync(HttpContext context, string username)
    {
        await CheckIpAsync(context);
        var attempt = new Attempt(username.Trim().ToLowerInvariant(), SourceOf(context));
        if (await counters.IncrementAsync($"login-account:{attempt.Account}|{attempt.Source}", Window) > options.Value.LoginPerAccountPerMinute)
        {
            throw new RateLimitedException(60);
        }

        if (await state.GetAsync(BlockKey(attempt)) is { } until
            && long.TryParse(until, CultureInfo.InvariantCulture, out var untilMs)
            && untilMs > time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            throw new RateLimitedException(SecondsUntil(untilMs));
        }

        return attempt;
    }

    /// <summary>
    /// A wrong password (or an unknown name — the same for the caller): counts towards this source's wait. While the account
    /// as a whole draws many failures (guessing from many addresses), sources it has never logged in from get no free tries.
    /// </summary>
    public async Task FailedAsync(Attempt attempt)
    {
        var limits = options.Value;
        var failures = await state.IncrementAsync(FailureKey(attempt), FailureMemory);
        var accountFailures = await state.IncrementAsync("fail-account:" + attempt.Account, AccountFailureWindow);
        var free = limits.LoginFreeFailuresPerSource;
        if (accountFailures > limits.LoginAccountFailuresPerHourBeforeSlowdown && await state.GetAsync(KnownKey(attempt)) is null)
        {
            free = 0;
        }

        var delay = LoginBackoff.DelayAfter(failures, free, TimeSpan.FromSeconds(limits.LoginMaxDelaySeconds));
        if (delay > TimeSpan.Zero)
        {
            var until = time.GetUtcNow() + delay;
            await state.SetAsync(BlockKey(attempt), until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), delay + WaitKeptBeyondItsEnd);
        }
    }

    /// <summary>The right password: this source starts afresh and is remembered as one the account uses.</summary>
    public async Task SucceededAsync(Attempt attempt)
    {
        await state.DeleteAsync(FailureKey(attempt));
        await state.DeleteAsync(BlockKey(attempt));
        await state.SetAsync(KnownKey(attempt), "1", KnownSourceMemory);
    }

    /// <summary>The client's address as the forwarded-headers middleware left it (the configured proxies' X-Forwarded-For honoured).</summary>
    public static string SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string FailureKey(Attempt a) => $"fail:{a.Account}|{a.Source}";

    private static string BlockKey(Attempt a) => $"wait:{a.Account}|{a.Source}";

    private static string KnownKey(Attempt a) => $"known:{a.Account}|{a.Source}";

    private int SecondsUntil(long untilMs) =>
        (int)Math.Max(1, Math.Ceiling((untilMs - time.GetUtcNow().ToUnixTimeMilliseconds()) / 1000.0));
}

public sealed class RateLimitedException(int retryAfterSeconds) : Exception("登录尝试过于频繁，请" + Describe(retryAfterSeconds) + "后再试")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    private static string Describe(int seconds) =>
        seconds < 60 ? $" {seconds} 秒" : seconds == 60 ? "一分钟" : $" {(seconds + 59) / 60} 分钟";
}
