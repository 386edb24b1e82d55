using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Changai.Api.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace Changai.Api.Membership;

/// <summary>What a membership-card QR code carries: enough to show who and where without a database read.</summary>
public sealed record CardClaims(Guid MemberId, string Number, string MaskedName, string UnionName, DateOnly JoinedOn, long ExpiresAt);

/// <summary>
/// Signs and checks the short-lived card token: <c>base64url(json).base64url(HMAC-SHA256)</c>, with a key derived from the
/// signing key for this one purpose. Checking needs no database; only revocation does.
/// </summary>
public sealed class CardTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Value.SigningKeyBytes(), 32, info: "membership-card-qr"u8.ToArray());

    public (string Token, DateTime ExpiresAt) Issue(Guid memberId, string number, string maskedName, string unionName, DateOnly joinedOn)
    {
        var expires = time.GetUtcNow().AddSeconds(options.Value.CardTokenSeconds);
        var claims = new CardClaims(memberId, number, maskedName, unionName, joinedOn, expires.ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims);
        return (Encode(payload) + "." + Encode(HMACSHA256.HashData(key, payload)), expires.UtcDateTime);
    }

    public CardClaims? Read(string token, out string? failure)
    {
        failure = "二维码无效";
        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return null;
        }

        CardClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<CardClaims>(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        if (claims is null)
        {
            return null;
        }

        if (claims.ExpiresAt < time.GetUtcNow().ToUnixTimeSeconds())
        {
            failure = "二维码已过期，请让对方刷新会员卡";
            return null;
        }

        failure = null;
        return claims;
    }

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var length))
        {
            bytes = bytes[..length];
            return true;
        }

        return false;
    }
}
