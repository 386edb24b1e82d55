using System.Security.Cryptography;
using System.Text;

namespace Changai.Domain.Privacy;

public sealed class PersonalDataOptions
{
    public const string SectionName = "PersonalData";

    /// <summary>Encryption keys by id (base64 of 32 bytes). Old keys stay to read old rows after a rotation.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The key new values are encrypted with.</summary>
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key for the keyed hash used for uniqueness look-ups (base64, at least 32 bytes). Never rotated casually: it would orphan every look-up.</summary>
    public string LookupHashKey { get; set; } = "";
}

/// <summary>
/// Encrypts personal data at rest with AES-256-GCM. The stored form is <c>keyId:base64(nonce|ciphertext|tag)</c>, so rows
/// written under an older key stay readable after the active key changes. <see cref="LookupHash"/> gives a keyed
/// (HMAC-SHA256) hash for equality look-ups that reveals nothing without the key.
/// </summary>
public sealed class FieldProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;
    private readonly byte[] hashKey;

    public FieldProtector(PersonalDataOptions options)
    {
        keys = options.Keys.ToDictionary(k => k.Key, k => DecodeKey(k.Value, $"PersonalData:Keys:{k.Key}", 32, exact: true));
        if (!keys.ContainsKey(options.ActiveKeyId))
        {
            throw new InvalidOperationException($"PersonalData:ActiveKeyId '{options.ActiveKeyId}' 不在 PersonalData:Keys 中");
        }

        activeKeyId = options.ActiveKeyId;
        hashKey = DecodeKey(options.LookupHashKey, "PersonalData:LookupHashKey", 32, exact: false);
    }

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[activeKeyId], TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Encoding.ASCII.GetBytes(activeKeyId));
        return activeKeyId + ":" + Convert.ToBase64String(output);
    }

    public string Unprotect(string stored)
    {
        var colon = stored.IndexOf(':');
        if (colon <= 0 || !keys.TryGetValue(stored[..colon], out var key))
        {
            throw new CryptographicException("未知的加密密钥标识");
        }

        var keyId = stored[..colon];
        var encoded = stored[(colon + 1)..];
        var data = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, data, out var length) || length < NonceSize + TagSize)
        {
            throw new CryptographicException("加密数据已损坏");
        }

        data = data[..length];
        var cipherLength = data.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, cipherLength), data.AsSpan(NonceSize + cipherLength), plain, Encoding.ASCII.GetBytes(keyId));
        return Encoding.UTF8.GetString(plain);
    }

    public string? UnprotectOrNull(string? stored) => stored is null ? null : Unprotect(stored);

    public string LookupHash(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(value)));

    /// <summary>Whether <paramref name="stored"/> was written with an older key (a re-encryption job can then rewrite it).</summary>
    public bool NeedsRotation(string stored) => !stored.StartsWith(activeKeyId + ":", StringComparison.Ordinal);

    private static byte[] DecodeKey(string base64, string setting, int bytesWanted, bool exact)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} 不是有效的 Base64");
        }

        var fits = exact ? bytes.Length == bytesWanted : bytes.Length >= bytesWanted;
        return fits ? bytes : throw new InvalidOperationException($"{setting} 需要{(exact ? "" : "至少 ")}{bytesWanted} 字节");
    }
}
