using System.Xml.Linq;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// The data-protection key ring in the application database (<see cref="DataProtectionKey"/>), so that API instances
/// behind a load balancer share it without a shared folder. The framework reads the ring at start, every day, and again
/// whenever a cookie names a key it does not hold yet (one created by another instance). Keys are stored encrypted with the
/// personal-data key, which lives in configuration, not in the database.
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes, FieldProtector protector, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => k.ProtectedXml).ToList()
            .Select(stored => XElement.Parse(protector.Unprotect(stored))).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            Id = Guid.CreateVersion7(), FriendlyName = friendlyName, ProtectedXml = protector.Protect(element.ToString(SaveOptions.DisableFormatting)), CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}
