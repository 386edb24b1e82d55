using Changai.Domain.Sheets;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// The API's answer to an import: the report, or the refusal of the file as a whole as its ProblemDetails (the same refusal
    /// the console shows on its import page).
    /// </summary>
    public static async Task<Results<Ok<TReport>, ProblemHttpResult>> AnswerAsync<TReport>(Func<Task<TReport>> import)
    {
        try
        {
            return TypedResults.Ok(await import());
        }
        catch (SheetRefusedException e)
        {
            return Problems.Create(e.Status, e.Code, e.Message, e.Rows.Count == 0 ? null : new Dictionary<string, string[]> { ["rows"] = [.. e.Rows] });
        }
    }
}

/// <summary>
/// An import refused the file as a whole (empty, unreadable, too many rows, or broken rows on the real import — then
/// <see cref="Rows"/> lists each as "第 n 行 …"); nothing was written. The API answers it as a ProblemDetails with
/// <c>errors.rows</c> (<see cref="SheetUploads.AnswerAsync"/>), the console on the import page.
/// </summary>
public sealed class SheetRefusedException(int status, string code, string message, IReadOnlyList<string>? rows = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyList<string> Rows { get; } = rows ?? [];
}
