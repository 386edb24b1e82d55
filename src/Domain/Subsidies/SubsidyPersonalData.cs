using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Subsidies;

/// <summary>Erasing the files of subsidy applications, shared by retention, account cancellation and consent withdrawal.</summary>
public static class SubsidyPersonalData
{
    /// <summary>
    /// Deletes the attachment rows of the given applications, then their files. The rows go first: a file left behind by
    /// a failed delete is unreachable, whereas a row without its file would be an error for an officer.
    /// </summary>
    public static async Task<int> DeleteAttachmentsAsync(AppDbContext db, IAttachmentStore store, IQueryable<Guid> applicationIds, CancellationToken ct)
    {
        var files = await db.SubsidyAttachments.Where(f => applicationIds.Contains(f.ApplicationId)).Select(f => new { f.Id, f.StorageKey }).ToListAsync(ct);
        if (files.Count == 0)
        {
            return 0;
        }

        var ids = files.Select(f => f.Id).ToList();
        await db.SubsidyAttachments.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(ct);
        foreach (var file in files)
        {
            try
            {
                await store.DeleteAsync(file.StorageKey, ct);
            }
            catch (IOException)
            {
                // Unreachable without its row; a later clean-up of the folder may remove it.
            }
        }

        return files.Count;
    }
}
