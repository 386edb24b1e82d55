using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Changai.Domain.Data;

/// <summary>
/// A save interceptor with one hook before a save and one after it, whichever of <c>SaveChanges</c> and
/// <c>SaveChangesAsync</c> ran (EF Core calls only the matching pair of interceptor methods).
/// </summary>
public abstract class SaveHooks : SaveChangesInterceptor
{
    /// <summary>Before the save writes anything: the change tracker holds what it is about to write.</summary>
    protected abstract void Saving(DbContext context);

    /// <summary>After the save has written (committed, unless an explicit transaction is still open).</summary>
    protected virtual void Saved(DbContext context)
    {
    }

    public sealed override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        SavingChanges(eventData, result);
        return ValueTask.FromResult(result);
    }

    public sealed override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Saving(context);
        }

        return result;
    }

    public sealed override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SavedChanges(eventData, result);
        return ValueTask.FromResult(result);
    }

    public sealed override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context)
        {
            Saved(context);
        }

        return result;
    }
}
