using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Changai.WeChat;

/// <summary>Sends one request and turns whatever comes back into a <see cref="WeChatResponse"/> or a
/// <see cref="WeChatTransportException"/>. Errcodes are left to the caller (token errors need a retry first).</summary>
internal static class WeChatHttp
{
    public static Uri NormalizeBaseAddress(string baseAddress) => new(baseAddress.TrimEnd('/') + "/", UriKind.Absolute);

    public static async Task<WeChatResponse> SendAsync(
        HttpClient http, string api, HttpRequestMessage request, bool imageExpected, ILogger logger, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw Transport(api, $"HTTP status {(int)response.StatusCode}", logger);
                }

                var body = await response.Content.ReadAsByteArrayAsync(ct);
                var contentType = response.Content.Headers.ContentType;
                if (imageExpected && AsImage(body, contentType) is { } image)
                {
                    return WeChatResponse.FromImage(api, image);
                }

                // Parse whatever the Content-Type says: WeChat labels some JSON text/plain.
                using var document = JsonDocument.Parse(body);
                return WeChatResponse.FromJson(api, document.RootElement.Clone());
            }
            catch (JsonException ex)
            {
                throw Transport(api, "response body is not JSON", logger, ex);
            }
            catch (HttpRequestException ex)
            {
                throw Transport(api, "request failed", logger, ex);
            }
            catch (IOException ex)
            {
                throw Transport(api, "connection failed", logger, ex);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                throw Transport(api, "timed out", logger, ex);
            }
        }
    }

    /// <summary>getwxacodeunlimit answers with image bytes on success and a JSON object on failure. Trust an image
    /// Content-Type, otherwise look at the bytes (never store a JSON error as "the image").</summary>
    private static WxaCodeImage? AsImage(byte[] body, MediaTypeHeaderValue? contentType)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var mediaType = contentType?.MediaType;
        if (mediaType is not null && mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return new WxaCodeImage(body, mediaType);
        }

        return SniffImageType(body) is { } sniffed ? new WxaCodeImage(body, sniffed) : null;
    }

    private static string? SniffImageType(ReadOnlySpan<byte> body) => body switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    private static WeChatTransportException Transport(string api, string reason, ILogger logger, Exception? inner = null)
    {
        logger.TransportError(api, reason);
        return new WeChatTransportException(api, reason, inner);
    }
}
