using Changai.Domain.Caching;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Notifications;

/// <summary>
/// Keeps subscribe-message sends under <see cref="NotificationOptions.MaxSendsPerSecond"/> across every Jobs process
/// (a per-second counter in Redis when configured, in memory otherwise). A sender takes the slots it needs for several
/// sends in one increment; when the second's allowance is used up it waits for the next second.
/// </summary>
public sealed class SendThrottle(ICounterStore counters, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Takes up to <paramref name="wanted"/> sends from this second's allowance and returns how many it got (0 when it is used up).</summary>
    public async Task<int> TakeAsync(int wanted)
    {
        var limit = options.Value.MaxSendsPerSecond;
        if (limit <= 0 || wanted <= 0)
        {
            return wanted;
        }

        var count = await counters.IncrementAsync("wechat-send", Window, wanted);
        return (int)Math.Clamp(limit - (count - wanted), 0, wanted);
    }

    /// <summary>Waits until the next second's allowance opens.</summary>
    public Task UntilNextSecondAsync(CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(1000 - time.GetUtcNow().Millisecond + 5), time, ct);
}
