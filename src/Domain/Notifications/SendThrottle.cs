using Changai.Domain.Caching;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Notifications;

/// <summary>
/// Keeps subscribe-message sends under <see cref="NotificationOptions.MaxSendsPerSecond"/> across every Jobs process
/// (a per-second counter in Redis when configured, in memory otherwise): a sender over the ceiling waits for the next second.
/// </summary>
public sealed class SendThrottle(ICounterStore counters, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    public async Task WaitAsync(CancellationToken ct)
    {
        var limit = options.Value.MaxSendsPerSecond;
        while (limit > 0 && await counters.IncrementAsync("wechat-send", Window) > limit)
        {
            var untilNextSecond = 1000 - time.GetUtcNow().Millisecond + 5;
            await Task.Delay(TimeSpan.FromMilliseconds(untilNextSecond), time, ct);
        }
    }
}
