using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.Domain.Telemetry;

/// <summary>The outbox gauges' queries. Both run on the (DeliveryStatus, NextAttemptAt) index and only touch the pending
/// rows, however many sent ones the table holds.</summary>
internal static class OutboxBacklog
{
    public static async Task<long> PendingAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<AppDbContext>().Notifications.AsNoTracking()
            .LongCountAsync(n => n.DeliveryStatus == DeliveryStatus.Pending, ct);

    public static async Task<long> OldestDueAgeSecondsAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var oldest = await services.GetRequiredService<AppDbContext>().Notifications.AsNoTracking()
            .Where(n => n.DeliveryStatus == DeliveryStatus.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt)
            .Select(n => (DateTime?)n.NextAttemptAt)
            .FirstOrDefaultAsync(ct);
        return oldest is { } due ? (long)(now - due).TotalSeconds : 0;
    }
}
