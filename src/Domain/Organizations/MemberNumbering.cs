using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Organizations;

public static class MemberNumbering
{
    /// <summary>
    /// Takes the union's next membership sequence inside the caller's transaction. The increment is one UPDATE, so two
    /// approvals in the same union queue on the row lock instead of taking the same number.
    /// </summary>
    public static async Task<(Union Union, int Sequence)> TakeNextAsync(AppDbContext db, Guid unionId, CancellationToken ct)
    {
        await db.Unions.Where(u => u.Id == unionId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.NextMemberSequence, u => u.NextMemberSequence + 1), ct);
        var union = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == unionId, ct);
        return (union, union.NextMemberSequence - 1);
    }

    /// <summary>
    /// Takes <paramref name="count"/> consecutive sequences at once (a closing union's members moving in): one UPDATE, then
    /// the first of them. Inside the caller's transaction, like <see cref="TakeNextAsync"/>.
    /// </summary>
    public static async Task<(Union Union, int FirstSequence)> TakeBlockAsync(AppDbContext db, Guid unionId, int count, CancellationToken ct)
    {
        await db.Unions.Where(u => u.Id == unionId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.NextMemberSequence, u => u.NextMemberSequence + count), ct);
        var union = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == unionId, ct);
        return (union, union.NextMemberSequence - count);
    }
}
