using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Training;

public enum CheckInVerdict
{
    Valid,
    /// <summary>Signed by us for this session, but more than one step old: a photo of an old screen.</summary>
    Expired,
    Invalid,
}

/// <summary>What the officer's screen shows: the token, the text to put in the QR code, and when to fetch the next one.</summary>
public sealed record CheckInCode(string Token, string QrText, DateTime RefreshAt, DateTime AcceptedUntil, int StepSeconds);

/// <summary>
/// The rotating check-in token on the officer's screen: <c>step.mac</c>, where <c>step</c> counts 30-second periods since
/// the Unix epoch and <c>mac</c> is HMAC-SHA256 over the session id and the step (first 16 bytes, base64url). The current
/// and the previous step are accepted, so a scan at the turn of a step still works; anything older is expired. No state
/// is kept, so any API instance checks any token.
/// </summary>
public sealed class CheckInCodes(IOptions<TrainingOptions> options, TimeProvider time)
{
    public const int StepSeconds = 30;
    private const int MacBytes = 16;

    private readonly byte[] key = Convert.FromBase64String(options.Value.CheckInSigningKey);

    public CheckInCode Issue(Guid sessionId)
    {
        var step = CurrentStep();
        var token = step.ToString(CultureInfo.InvariantCulture) + "." + Mac(sessionId, step);
        var stepEnds = DateTimeOffset.FromUnixTimeSeconds((step + 1) * StepSeconds).UtcDateTime;
        return new CheckInCode(token, $"changai:training-check-in:{sessionId:D}:{token}", stepEnds, stepEnds.AddSeconds(StepSeconds), StepSeconds);
    }

    public CheckInVerdict Verify(Guid sessionId, string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            return CheckInVerdict.Invalid;
        }

        var expected = System.Text.Encoding.ASCII.GetBytes(Mac(sessionId, step));
        var given = System.Text.Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return CheckInVerdict.Invalid;
        }

        var current = CurrentStep();
        return step > current ? CheckInVerdict.Invalid : step >= current - 1 ? CheckInVerdict.Valid : CheckInVerdict.Expired;
    }

    private long CurrentStep() => time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;

    private string Mac(Guid sessionId, long step)
    {
        Span<byte> message = stackalloc byte[24];
        sessionId.TryWriteBytes(message[..16], bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message[16..], step);
        return System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, message).AsSpan(0, MacBytes));
    }
}
