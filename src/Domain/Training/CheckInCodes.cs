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
/// The scene of a check-in 小程序码 (getwxacodeunlimit, at most 32 characters): the session id as 22 base64url
/// characters (its bytes in RFC 4122 order) followed by a 10-character token for the current step. WeChat's own scanner
/// opens <c>pages/training/check-in?scene=…</c>; the page sends the token with the session id.
/// </summary>
public sealed record CheckInScene(string Scene, DateTime RefreshAt, DateTime AcceptedUntil, int StepSeconds);

/// <summary>
/// The rotating check-in token on the officer's screen: <c>step.mac</c>, where <c>step</c> counts 30-second periods since
/// the Unix epoch and <c>mac</c> is HMAC-SHA256 over the session id and the step (first 16 bytes, base64url). The current
/// and the previous step are accepted, so a scan at the turn of a step still works; anything older is expired. No state
/// is kept, so any API instance checks any token.
/// <para>
/// A 小程序码's scene has room for 32 characters only, so its token is shorter: no step, and a separate MAC (a
/// one-byte label keeps the two kinds apart) cut to 7 bytes, 10 base64url characters. 56 bits are far beyond guessing
/// inside the minute a token lives. It is checked against the current and the previous step, and against the steps of
/// the last two hours to say "expired" rather than "invalid".
/// </para>
/// </summary>
public sealed class CheckInCodes(IOptions<TrainingOptions> options, TimeProvider time)
{
    public const int StepSeconds = 30;
    public const int SceneTokenLength = 10;
    private const int MacBytes = 16;
    private const int SceneMacBytes = 7;
    private const int ExpiredLookbackSteps = 2 * 3600 / StepSeconds;
    private const byte SceneLabel = 0x01;

    private readonly byte[] key = Convert.FromBase64String(options.Value.CheckInSigningKey);

    public CheckInCode Issue(Guid sessionId)
    {
        var step = CurrentStep();
        var token = step.ToString(CultureInfo.InvariantCulture) + "." + Mac(sessionId, step);
        var stepEnds = DateTimeOffset.FromUnixTimeSeconds((step + 1) * StepSeconds).UtcDateTime;
        return new CheckInCode(token, $"changai:training-check-in:{sessionId:D}:{token}", stepEnds, stepEnds.AddSeconds(StepSeconds), StepSeconds);
    }

    public CheckInScene IssueScene(Guid sessionId)
    {
        var step = CurrentStep();
        Span<byte> id = stackalloc byte[16];
        sessionId.TryWriteBytes(id, bigEndian: true, out _);
        var stepEnds = DateTimeOffset.FromUnixTimeSeconds((step + 1) * StepSeconds).UtcDateTime;
        return new CheckInScene(System.Buffers.Text.Base64Url.EncodeToString(id) + SceneMac(sessionId, step), stepEnds, stepEnds.AddSeconds(StepSeconds), StepSeconds);
    }

    public CheckInVerdict Verify(Guid sessionId, string token)
    {
        if (token.Length == SceneTokenLength && !token.Contains('.', StringComparison.Ordinal))
        {
            return VerifySceneToken(sessionId, token);
        }

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

    private CheckInVerdict VerifySceneToken(Guid sessionId, string token)
    {
        var given = System.Text.Encoding.ASCII.GetBytes(token);
        var current = CurrentStep();
        for (var step = current; step > current - ExpiredLookbackSteps; step--)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(SceneMac(sessionId, step)), given))
            {
                return step >= current - 1 ? CheckInVerdict.Valid : CheckInVerdict.Expired;
            }
        }

        return CheckInVerdict.Invalid;
    }

    private long CurrentStep() => time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;

    private string SceneMac(Guid sessionId, long step)
    {
        Span<byte> message = stackalloc byte[25];
        sessionId.TryWriteBytes(message[..16], bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message[16..24], step);
        message[24] = SceneLabel;
        return System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, message).AsSpan(0, SceneMacBytes));
    }

    private string Mac(Guid sessionId, long step)
    {
        Span<byte> message = stackalloc byte[24];
        sessionId.TryWriteBytes(message[..16], bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message[16..], step);
        return System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, message).AsSpan(0, MacBytes));
    }
}
