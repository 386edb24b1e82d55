using System.IO.Compression;
using System.Xml.Linq;

namespace Changai.Console.Tests.Infrastructure;

/// <summary>An exported XLSX read as text, from the file's XML (shared or inline strings), independently of the writer.</summary>
public static class SheetReader
{
    /// <summary>The first sheet's rows.</summary>
    public static List<List<string>> Rows(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } s
            ? XDocument.Load(s.Open()).Descendants(ns + "si").Select(si => string.Concat(si.Descendants(ns + "t").Select(t => t.Value))).ToList()
            : [];
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return [.. sheet.Descendants(ns + "row").Select(row => row.Elements(ns + "c").Select(c =>
            (string?)c.Attribute("t") == "s" ? shared[int.Parse(c.Element(ns + "v")!.Value)] : string.Concat(c.Descendants(ns + "t").Select(t => t.Value)) is { Length: > 0 } inline
                ? inline : c.Element(ns + "v")?.Value ?? "").ToList())];
    }
}
