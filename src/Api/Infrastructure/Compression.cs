using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Brotli (preferred) or gzip for the text we send — console pages and stylesheet, JSON and ProblemDetails — also over
/// HTTPS. Why that is safe from BREACH here: docs/decisions.md, "Response compression".
/// </summary>
public static class Compression
{
    public static readonly string[] MimeTypes =
        ["text/html", "text/css", "text/javascript", "application/json", "application/problem+json"];

    public static IServiceCollection AddTextCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
        // Fastest: pages are small and made per request; a higher level costs more CPU than it saves bytes.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
