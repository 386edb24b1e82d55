using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

// The reader-writer the project had before MiniExcel (src/Domain/Quiz/Sheets.cs at 62607fa), kept here so the benchmark can
// still put the two side by side.
namespace Changai.Benchmarks.Sheets.Baseline;

/// <summary>A row of a sheet with the number a spreadsheet program shows for it (the header is row 1).</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells);

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Written with a UTF-8 BOM so Excel reads Chinese.</summary>
public static class Csv
{
    public static IReadOnlyList<SheetRow> Read(string text)
    {
        var rows = new List<SheetRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var number = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        void EndCell()
        {
            cells.Add(cell.ToString());
            cell.Clear();
        }

        void EndRow()
        {
            EndCell();
            if (cells.Any(c => c.Length > 0))
            {
                rows.Add(new SheetRow(number, [.. cells]));
            }

            cells.Clear();
            number++;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                EndCell();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRow();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            EndRow();
        }

        return rows;
    }

    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Quotes when needed; a leading =, +, - or @ gets an apostrophe so a spreadsheet does not run it as a formula.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>
/// The first worksheet of an .xlsx file, read and written with nothing but the zip and XML classes of .NET (no package
/// for it is served here). An .xlsx is a zip of XML parts: the workbook names its sheets, a relationship part says which
/// file each is, cells hold numbers, inline strings or indexes into the shared-strings part.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    // The project capped each part at 32 MB, which the benchmark's 100,000-row sheet exceeds (it failed with "part too
    // large"); lifted here so that the reader can be measured at all.
    private const long MaxPartBytes = long.MaxValue;
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Whether the bytes start like a zip file (an .xlsx is one).</summary>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> bytes) => bytes is [(byte)'P', (byte)'K', 3, 4, ..];

    /// <exception cref="InvalidDataException">Not a readable workbook.</exception>
    public static IReadOnlyList<SheetRow> Read(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var workbook = Load(zip, "xl/workbook.xml") ?? throw new InvalidDataException("no workbook");
            var firstSheet = workbook.Descendants(Main + "sheet").FirstOrDefault() ?? throw new InvalidDataException("no sheet");
            var relationId = (string?)firstSheet.Attribute(Relationships + "id");
            var target = Load(zip, "xl/_rels/workbook.xml.rels")?.Descendants(PackageRelationships + "Relationship")
                .FirstOrDefault(r => (string?)r.Attribute("Id") == relationId)?.Attribute("Target")?.Value ?? "worksheets/sheet1.xml";
            var sheetPath = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            var sheet = Load(zip, sheetPath) ?? throw new InvalidDataException("sheet part missing");
            var shared = Load(zip, "xl/sharedStrings.xml")?.Root?.Elements(Main + "si").Select(TextOf).ToList() ?? [];

            var rows = new List<SheetRow>();
            var nextRow = 1;
            foreach (var row in sheet.Descendants(Main + "row"))
            {
                var number = int.TryParse((string?)row.Attribute("r"), CultureInfo.InvariantCulture, out var r) ? r : nextRow;
                nextRow = number + 1;
                var cells = new List<string>();
                var nextColumn = 0;
                foreach (var cell in row.Elements(Main + "c"))
                {
                    var column = ColumnIndex((string?)cell.Attribute("r")) ?? nextColumn;
                    nextColumn = column + 1;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(ValueOf(cell, shared));
                }

                if (cells.Any(c => c.Length > 0))
                {
                    rows.Add(new SheetRow(number, cells));
                }
            }

            return rows;
        }
        catch (Exception e) when (e is XmlException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException
                                       or IOException)
        {
            throw new InvalidDataException("not a readable workbook", e);
        }
    }

    /// <summary>One worksheet with every cell an inline string (no shared-strings part is needed then).</summary>
    public static byte[] Write(string sheetName, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Save(zip, "[Content_Types].xml", new XElement((XNamespace)"http://schemas.openxmlformats.org/package/2006/content-types" + "Types",
                Default("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                Default("xml", "application/xml"),
                Override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                Override("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
                Override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")));
            Save(zip, "_rels/.rels", new XElement(PackageRelationships + "Relationships",
                Relationship("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml")));
            Save(zip, "xl/workbook.xml", new XElement(Main + "workbook", new XAttribute(XNamespace.Xmlns + "r", Relationships),
                new XElement(Main + "sheets", new XElement(Main + "sheet", new XAttribute("name", sheetName), new XAttribute("sheetId", 1), new XAttribute(Relationships + "id", "rId1")))));
            Save(zip, "xl/_rels/workbook.xml.rels", new XElement(PackageRelationships + "Relationships",
                Relationship("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml"),
                Relationship("rId2", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml")));
            Save(zip, "xl/styles.xml", new XElement(Main + "styleSheet",
                new XElement(Main + "fonts", new XAttribute("count", 1), new XElement(Main + "font")),
                new XElement(Main + "fills", new XAttribute("count", 1), new XElement(Main + "fill")),
                new XElement(Main + "borders", new XAttribute("count", 1), new XElement(Main + "border")),
                new XElement(Main + "cellStyleXfs", new XAttribute("count", 1), new XElement(Main + "xf")),
                new XElement(Main + "cellXfs", new XAttribute("count", 1), new XElement(Main + "xf"))));
            Save(zip, "xl/worksheets/sheet1.xml", new XElement(Main + "worksheet",
                new XElement(Main + "sheetData", rows.Select((row, r) => new XElement(Main + "row", new XAttribute("r", r + 1),
                    row.Select((value, c) => new XElement(Main + "c", new XAttribute("r", ColumnName(c) + (r + 1)), new XAttribute("t", "inlineStr"),
                        new XElement(Main + "is", new XElement(Main + "t", new XAttribute(XNamespace.Xml + "space", "preserve"), Clean(value))))))))));
        }

        return buffer.ToArray();
    }

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

    private static string ValueOf(XElement cell, IReadOnlyList<string> shared)
    {
        var type = (string?)cell.Attribute("t");
        var value = cell.Element(Main + "v")?.Value;
        return type switch
        {
            "s" => int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? shared[i] : "",
            "inlineStr" => cell.Element(Main + "is") is { } inline ? TextOf(inline) : "",
            "b" => value == "1" ? "TRUE" : "FALSE",
            _ => value ?? "",
        };
    }

    /// <summary>The text of a string item: its &lt;t&gt;, or its rich-text runs' &lt;t&gt;s joined (phonetic hints left out).</summary>
    private static string TextOf(XElement item) =>
        string.Concat(item.Elements(Main + "t").Concat(item.Elements(Main + "r").Elements(Main + "t")).Select(t => t.Value));

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        if (entry.Length > MaxPartBytes)
        {
            throw new InvalidDataException("part too large");
        }

        using var stream = entry.Open();
        // No DTDs: a workbook is untrusted input.
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    private static void Save(ZipArchive zip, string path, XElement root)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        new XDocument(new XDeclaration("1.0", "UTF-8", "yes"), root).Save(stream);
    }

    private static XElement Default(string extension, string type) =>
        new((XNamespace)"http://schemas.openxmlformats.org/package/2006/content-types" + "Default", new XAttribute("Extension", extension), new XAttribute("ContentType", type));

    private static XElement Override(string part, string type) =>
        new((XNamespace)"http://schemas.openxmlformats.org/package/2006/content-types" + "Override", new XAttribute("PartName", part), new XAttribute("ContentType", type));

    private static XElement Relationship(string id, string type, string target) =>
        new(PackageRelationships + "Relationship", new XAttribute("Id", id), new XAttribute("Type", type), new XAttribute("Target", target));

    /// <summary>XML 1.0 cannot carry most control characters; drop them rather than write a broken file.</summary>
    private static string Clean(string value) => string.Concat(value.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c)));
}
