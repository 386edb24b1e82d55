using Changai.Api.Infrastructure;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>What an import page shows after an upload: the dry run's or the import's report, or the refusal of the whole file.</summary>
public sealed record SheetImportResult<TReport> where TReport : class
{
    public TReport? Report { get; init; }

    /// <summary>The broken rows of a refused import ("第 n 行 …").</summary>
    public IReadOnlyList<string>? Lines { get; init; }

    public string? FileName { get; init; }

    public string? Done { get; init; }

    public string? Error { get; init; }
}

/// <summary>
/// The one recipe of a console import page's POST (unions, officers, members): the posted <c>file</c> and <c>mode</c>
/// (<c>import</c>, otherwise a dry run), the API's own import, and its report — or the file's refusal
/// (<see cref="SheetRefusedException"/>) with its status — shown on the page again. Any other broken rule is left to
/// <see cref="ConsolePageFilter"/>.
/// </summary>
public static class SheetImportForm
{
    /// <param name="noFile">The message when no file was chosen.</param>
    /// <param name="import">The import: the uploaded file, and whether it is a dry run.</param>
    /// <param name="errorCount">How many broken cells a dry run's report lists.</param>
    /// <param name="done">What a clean dry run or the import says it did.</param>
    /// <param name="render">The page with the outcome and the status to answer with.</param>
    public static async Task<IResult> RunAsync<TReport>(
        HttpContext http, string noFile, Func<IFormFile, bool, Task<TReport>> import, Func<TReport, int> errorCount, Func<TReport, string> done,
        Func<SheetImportResult<TReport>, int, IResult> render) where TReport : class
    {
        var form = await ConsolePages.FormAsync(http);
        var dryRun = form.Text("mode") != "import";
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return render(new SheetImportResult<TReport> { Error = noFile }, StatusCodes.Status400BadRequest);
        }

        try
        {
            var report = await import(file, dryRun);
            var errors = errorCount(report);
            return render(new SheetImportResult<TReport>
            {
                Report = report, FileName = file.FileName, Done = !dryRun || errors == 0 ? done(report) : null,
                Error = errors > 0 ? $"检查发现 {errors} 处错误，请修改文件后重新上传（有任何错误都不会导入）。" : null,
            }, StatusCodes.Status200OK);
        }
        catch (SheetRefusedException e)
        {
            return render(new SheetImportResult<TReport> { Error = e.Message, Lines = e.Rows, FileName = file.FileName }, e.Status);
        }
    }

    /// <summary>The upload in memory, for the imports that sniff the format from its first bytes.</summary>
    public static async Task<MemoryStream> BufferAsync(IFormFile file, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer;
    }
}
