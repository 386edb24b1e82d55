using System.Xml.Linq;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// The data-protection key ring in the application database (<see cref="DataProtectionKey"/>), so that API instances
/// behind a load balancer share it without a shared folder. The framework reads the ring at start, every day, and again
/// shortly after start whenever a cookie names a key it does not hold yet (one created by another instance).
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            Id = Guid.CreateVersion7(), FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}

/// <summary>
/// Encrypts each key's secret with the personal-data key (<see cref="FieldProtector"/>, held in configuration, not in the
/// database): a copy of the database alone cannot forge a console session.
/// </summary>
public sealed class PersonalDataXmlEncryptor(FieldProtector protector) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(
        new XElement("encryptedKey", new XElement("value", protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting)))),
        typeof(PersonalDataXmlDecryptor));
}

/// <summary>The framework creates this by type name from the stored key, with the application's services.</summary>
public sealed class PersonalDataXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(services.GetRequiredService<FieldProtector>().Unprotect((string?)encryptedElement.Element("value") ?? ""));
}
