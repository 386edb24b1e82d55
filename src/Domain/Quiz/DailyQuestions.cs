using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Quiz;

/// <summary>
/// 一期一问: one question a day from the province's bank (questions owned by the root of the union tree), in bank order,
/// the same for everyone. The choice is stored on first use, so editing the bank during the day changes nothing for it.
/// </summary>
public static class DailyQuestions
{
    /// <summary>The day's question, chosen now if nobody asked for it yet; null when the province's bank is empty.</summary>
    public static async Task<QuizDailyQuestion?> ForDayAsync(AppDbContext db, DateOnly day, DateTime now, CancellationToken ct)
    {
        var existing = await db.QuizDailyQuestions.AsNoTracking().SingleOrDefaultAsync(d => d.Day == day, ct);
        if (existing is not null)
        {
            return existing;
        }

        var bank = await ProvinceBank(db).OrderBy(q => q.SortOrder).ThenBy(q => q.Code).Select(q => new { q.Id, q.CurrentVersionId }).ToListAsync(ct);
        if (bank.Count == 0)
        {
            return null;
        }

        var pick = bank[day.DayNumber % bank.Count];
        var daily = new QuizDailyQuestion { Day = day, QuestionId = pick.Id, QuestionVersionId = pick.CurrentVersionId, CreatedAt = now };
        db.QuizDailyQuestions.Add(daily);
        try
        {
            await db.SaveChangesAsync(ct);
            db.Entry(daily).State = EntityState.Detached;
            return daily;
        }
        catch (DbUpdateException)
        {
            // Another request chose it first (primary key on the day): theirs stands.
            db.Entry(daily).State = EntityState.Detached;
            return await db.QuizDailyQuestions.AsNoTracking().SingleAsync(d => d.Day == day, ct);
        }
    }

    /// <summary>Active questions owned by the province union (the root of the tree): the practice bank everyone shares.</summary>
    public static IQueryable<QuizQuestion> ProvinceBank(AppDbContext db) =>
        db.QuizQuestions.AsNoTracking().Where(q => !q.IsArchived && db.Unions.Any(u => u.Id == q.OwnerUnionId && u.ParentId == null));
}
