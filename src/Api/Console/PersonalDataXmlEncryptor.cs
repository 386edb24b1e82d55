using System.Xml.Linq;
using Changai.Domain.Privacy;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// Encrypts each data-protection key's secret with the personal-data key (<see cref="FieldProtector"/>, held in
/// configuration, not in the database) before the key ring stores it in the database: a copy of the database alone cannot
/// forge a console session.
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
