using Changai.Domain.Sheets;

namespace Changai.Api.Infrastructure;

/// <summary>How the import endpoints take a spreadsheet: multipart field <c>file</c>, or the raw body.</summary>
public static class SheetUploads
{
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
