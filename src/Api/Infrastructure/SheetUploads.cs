using Changai.Domain.Sheets;
using FluentValidation;
using Microsoft.AspNetCore.Http.Metadata;

namespace Changai.Api.Infrastructure;

/// <summary>How the import endpoints take a spreadsheet (multipart field <c>file</c>, or the raw body) and offer their templates.</summary>
public static class SheetUploads
{
    /// <summary>A template download: <c>format=xlsx</c> (the default) or <c>csv</c>.</summary>
    public sealed record TemplateQuery(string? Format);

    public sealed class TemplateValidator : AbstractValidator<TemplateQuery>
    {
        public TemplateValidator() =>
            RuleFor(q => q.Format).Must(f => f is null or "xlsx" or "csv").WithMessage("格式应为 xlsx 或 csv").WithName("格式");
    }

    /// <summary>Lets an upload route take a larger body than the API's default limit.</summary>
    public sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    public static async Task<MemoryStream> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is { } file)
            {
                await file.CopyToAsync(buffer, ct);
            }
        }
        else
        {
            await request.Body.CopyToAsync(buffer, ct);
        }

        return buffer;
    }

    /// <summary><c>xlsx</c> when the bytes are a ZIP (an XLSX is one), <c>csv</c> otherwise.</summary>
    public static string FormatOf(MemoryStream file) =>
        Xlsx.LooksLikeXlsx(file.GetBuffer().AsSpan(0, (int)Math.Min(file.Length, 4))) ? "xlsx" : "csv";
}
