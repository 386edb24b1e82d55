using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Changai.Domain.Sheets;

/// <summary>
/// The first worksheet of an .xlsx file, through MiniExcel (Apache-2.0): it streams both ways — rows are read with an
/// XmlReader as they are enumerated and written as they are produced — where our own XDocument code held the whole sheet
/// (6× slower to write, 5× the peak memory, and unable to read 100,000 rows at all: docs/benchmarks.md). Every cell is
/// text, read and written; every written cell goes through <see cref="FormulaGuard"/>.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>What the parts of a workbook may unpack to in all, unless the caller says otherwise: a small upload must not unpack into gigabytes.</summary>
    public const long DefaultMaxUnpackedBytes = 512L * 1024 * 1024;

    private static readonly OpenXmlConfiguration ReadConfiguration = new()
    {
        EnableConvertByteArray = false, // a cell "@@@fileid@@@,path" would otherwise be read as that zip entry's bytes
        FillMergedCells = false,
        IgnoreEmptyRows = false, // keeps the row numbers: a gap comes back as empty rows
    };

    private static readonly OpenXmlConfiguration WriteConfiguration = new()
    {
        TableStyles = TableStyles.None,
        AutoFilter = false,
        EnableWriteNullValueCell = true,
    };

    /// <summary>Whether the bytes start like a zip file (an .xlsx is one).</summary>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> bytes) => bytes is [(byte)'P', (byte)'K', 3, 4, ..];

    /// <exception cref="InvalidDataException">Not a readable workbook.</exception>
    public static IReadOnlyList<SheetRow> Read(byte[] bytes) => [.. Read(new MemoryStream(bytes, writable: false))];

    /// <summary>
    /// Rows one at a time, numbered as the spreadsheet shows them; empty rows skipped but counted, trailing empty cells left
    /// out. Numbers as written in the file ("3", "0.5"), booleans TRUE/FALSE, date cells yyyy-MM-dd (with the time when
    /// there is one). The stream must be seekable (a zip's directory is at its end).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a readable workbook (also while enumerating), or one that unpacks to more than <paramref name="maxUnpackedBytes"/>.</exception>
    public static IEnumerable<SheetRow> Read(Stream stream, long maxUnpackedBytes = DefaultMaxUnpackedBytes)
    {
        CheckSize(stream, maxUnpackedBytes);
        return Rows(stream);
    }

    /// <summary>One worksheet of text cells; the first row is frozen (it is the header in every export).</summary>
    public static byte[] Write(string sheetName, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        Write(buffer, sheetName, rows);
        return buffer.ToArray();
    }

    /// <summary>Rows are written as they are enumerated. Every row must be at most as wide as the first.</summary>
    public static void Write(Stream stream, string sheetName, IEnumerable<IReadOnlyList<string>> rows) =>
        stream.SaveAs(Dictionaries(rows), printHeader: false, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: WriteConfiguration);

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    /// <summary>"C7" → 2.</summary>
    public static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            letters++;
        }

        return letters == 0 ? null : index - 1;
    }

    private static void CheckSize(Stream stream, long maxUnpackedBytes)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Sum(e => e.Length) > maxUnpackedBytes)
            {
                throw new InvalidDataException("工作簿解压后过大");
            }
        }
        catch (Exception e) when (e is not InvalidDataException and not OperationCanceledException)
        {
            throw new InvalidDataException("not a readable workbook", e);
        }

        stream.Position = 0;
    }

    private static IEnumerable<SheetRow> Rows(Stream stream)
    {
        IEnumerator<dynamic> rows;
        try
        {
            rows = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX, configuration: ReadConfiguration).GetEnumerator();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException("not a readable workbook", e);
        }

        using (rows)
        {
            var number = 0;
            var cells = new List<string>();
            while (true)
            {
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }

                    number++;
                    cells.Clear();
                    // Keys are column letters in column order (A, B, …), as many as the sheet's widest row.
                    foreach (var value in ((IDictionary<string, object?>)rows.Current).Values)
                    {
                        cells.Add(Text(value));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException)
                {
                    throw new InvalidDataException("not a readable workbook", e);
                }

                if (SheetRow.NonEmpty(number, cells) is { } row)
                {
                    yield return row;
                }
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "TRUE" : "FALSE",
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<IDictionary<string, object>> Dictionaries(IEnumerable<IReadOnlyList<string>> rows)
    {
        string[]? keys = null;
        foreach (var row in rows)
        {
            keys ??= [.. Enumerable.Range(0, Math.Max(1, row.Count)).Select(ColumnName)];
            if (row.Count > keys.Length)
            {
                throw new ArgumentException($"a row has {row.Count} cells, the first only {keys.Length}", nameof(rows));
            }

            var cells = new Dictionary<string, object>(keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                cells[keys[i]] = i < row.Count ? Clean(FormulaGuard.Neutralise(row[i] ?? "")) : "";
            }

            yield return cells;
        }
    }

    /// <summary>XML 1.0 cannot carry most control characters; drop them rather than write a broken file.</summary>
    private static string Clean(string value) =>
        value.AsSpan().ContainsAnyInRange('\0', '\u001f') ? string.Concat(value.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c))) : value;
}
