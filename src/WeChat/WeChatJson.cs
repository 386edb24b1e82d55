using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Changai.WeChat;

/// <summary>How we write request bodies: raw UTF-8 JSON, no <c>\uXXXX</c> escapes, nulls left out.</summary>
internal static partial class WeChatJson
{
    // WeChat staff confirmed msgSecCheck cannot read \u-escaped content, so non-ASCII text must go out raw.
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(object body) =>
        Encoding.UTF8.GetBytes(UnescapeSurrogatePairs(JsonSerializer.Serialize(body, Options)));

    public static WeChatRequestContent Content(byte[] json)
    {
        var content = new WeChatRequestContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Even the relaxed encoder escapes characters outside the BMP (emoji, CJK extension B) as surrogate
    /// pairs; turn those back into raw characters. Escaped backslashes are matched first so that a literal
    /// <c>\\uD83D</c> in the text is left alone.</summary>
    internal static string UnescapeSurrogatePairs(string json) =>
        json.Contains("\\uD", StringComparison.OrdinalIgnoreCase)
            ? SurrogatePairEscape().Replace(json, static m => m.Groups["hi"].Success
                ? char.ConvertFromUtf32(char.ConvertToUtf32(ParseHex(m.Groups["hi"].Value), ParseHex(m.Groups["lo"].Value)))
                : m.Value)
            : json;

    private static char ParseHex(string hex) => (char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\\\\|\\u(?<hi>D[89AB][0-9A-F]{2})\\u(?<lo>D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SurrogatePairEscape();
}

/// <summary>
/// A request body that notes when the HTTP handler starts writing it. The handler writes the body only once it holds a
/// connection, and WeChat cannot act on a request whose body it never got: so a failure before this point left nothing at
/// WeChat, and a failure after it may have left the whole request there (<see cref="WeChatTransportException.RequestSent"/>).
/// </summary>
internal sealed class WeChatRequestContent(byte[] json) : ByteArrayContent(json)
{
    private int started;

    public bool WriteStarted => Volatile.Read(ref started) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Volatile.Write(ref started, 1);
        return base.SerializeToStreamAsync(stream, context);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref started, 1);
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref started, 1);
        base.SerializeToStream(stream, context, cancellationToken);
    }

    protected override Task<Stream> CreateContentReadStreamAsync()
    {
        Volatile.Write(ref started, 1);
        return base.CreateContentReadStreamAsync();
    }
}
