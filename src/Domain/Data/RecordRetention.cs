using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

/// <summary>Deletes what has outlived its use: expired refresh tokens and old idempotency records.</summary>
public sealed class RecordRetention(AppDbContext db, TimeProvider time)
{
    public static readonly TimeSpan RefreshTokenGrace = TimeSpan.FromDays(7);
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var tokenCutoff = now - RefreshTokenGrace;
        var idempotencyCutoff = now - IdempotencyLifetime;
        var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt < tokenCutoff).ExecuteDeleteAsync(ct);
        var records = await db.IdempotencyRecords.Where(r => r.CreatedAt < idempotencyCutoff).ExecuteDeleteAsync(ct);
        return tokens + records;
    }
}
