using System.Net.Http.Headers;
using System.Net.Http.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Changai.WeChat;

/// <summary>Sends one request and turns whatever comes back into a <see cref="WeChatResponse"/> or a
/// <see cref="WeChatTransportException"/>. Errcodes are left to the caller (token errors need a retry first).</summary>
internal static class WeChatHttp
{
    public static Uri NormalizeBaseAddress(string baseAddress) => new(baseAddress.TrimEnd('/') + "/", UriKind.Absolute);

    public static async Task<WeChatResponse> SendAsync(
        HttpClient http, string api, HttpRequestMessage request, bool imageExpected, ILogger logger, WeChatMetrics metrics, CancellationToken ct)
    {
        using (request)
        {
            // The resilience pipeline decides by API whether a failed attempt may be repeated; HttpClient's own
            // request-duration metric gets the API as a tag (never the URL: its query carries secrets).
            WeChatResilience.MarkRequest(request, api);
            HttpMetricsEnrichmentContext.AddCallback(request, static c =>
            {
                if (c.Request.Options.TryGetValue(WeChatResilience.ApiKey, out var name))
                {
                    c.AddCustomTag("wechat.api", name);
                }
            });
            try
            {
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw Transport(api, $"HTTP status {(int)response.StatusCode}", logger, metrics, statusCode: (int)response.StatusCode);
                }

                var body = await response.Content.ReadAsByteArrayAsync(ct);
                var contentType = response.Content.Headers.ContentType;
                if (imageExpected && AsImage(body, contentType) is { } image)
                {
                    metrics.Answered(api, 0);
                    return WeChatResponse.FromImage(api, image);
                }

                // Parse whatever the Content-Type says: WeChat labels some JSON text/plain.
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Transport(api, "response body is not a JSON object", logger, metrics, statusCode: (int)response.StatusCode);
                }

                var answer = WeChatResponse.FromJson(api, document.RootElement.Clone());
                metrics.Answered(api, answer.ErrCode);
                return answer;
            }
            catch (JsonException ex)
            {
                throw Transport(api, "response body is not JSON", logger, metrics, inner: ex);
            }
            catch (HttpRequestException ex)
            {
                throw Transport(api, "request failed", logger, metrics, inner: ex, sent: Sent(request, ex));
            }
            catch (IOException ex)
            {
                throw Transport(api, "connection failed", logger, metrics, inner: ex, sent: Sent(request, ex));
            }
            catch (BrokenCircuitException ex)
            {
                logger.TransportError(api, "circuit open");
                metrics.Failed(api, "circuit_open");
                throw new WeChatCircuitOpenException(api, ex.RetryAfter, ex);
            }
            catch (TimeoutRejectedException ex)
            {
                throw Transport(api, "timed out", logger, metrics, "timeout", ex, Sent(request, ex));
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                throw Transport(api, "timed out", logger, metrics, "timeout", ex, Sent(request, ex));
            }
        }
    }

    /// <summary>
    /// Whether a failed request may have reached WeChat. A body the handler never started writing never left (it writes
    /// the body only on an open connection); a request without a body left unless the connection itself could not be
    /// opened. Anything else counts as sent: what is not known not to have happened may have happened.
    /// </summary>
    private static bool Sent(HttpRequestMessage request, Exception failure) =>
        request.Content is WeChatRequestContent body
            ? body.WriteStarted
            : failure is not HttpRequestException
            {
                HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
            };

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

    private static WeChatTransportException Transport(
        string api, string reason, ILogger logger, WeChatMetrics metrics, string outcome = "transport", Exception? inner = null, bool sent = true, int? statusCode = null)
    {
        logger.TransportError(api, sent ? reason : reason + " (not sent)");
        metrics.Failed(api, outcome);
        return new WeChatTransportException(api, reason, inner, sent, statusCode);
    }
}
