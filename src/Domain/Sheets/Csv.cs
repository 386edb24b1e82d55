using System.Text;
using System.Text.Unicode;

namespace Changai.Domain.Sheets;

/// <summary>
/// RFC 4180 CSV, our own code (MiniExcel's CSV reader skips blank lines, so row numbers drift, refuses rows shorter than
/// the first, and was 10× slower here: docs/benchmarks.md). Quoted fields may hold commas, quotes ("") and line breaks.
/// Written as UTF-8 with a BOM, which Excel needs to show Chinese; read streamed, as UTF-8 (with or without BOM), UTF-16
/// with a BOM, or GB18030 — the superset of GBK that Excel and WPS in China write when one saves "CSV".
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>How much of a file decides its encoding when it has no BOM.</summary>
    private const int SniffBytes = 64 * 1024;

    static Csv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The rows of a whole text (a leading BOM is skipped).</summary>
    public static IReadOnlyList<SheetRow> Read(string text) => [.. Read(new StringReader(text))];

    /// <summary>
    /// Rows one at a time from a file's bytes, whatever encoding it was saved in (see the class). Bounded memory: the
    /// stream is read as the rows are enumerated.
    /// </summary>
    /// <exception cref="InvalidDataException">While enumerating: the file looked like UTF-8 but is not valid UTF-8 further on.</exception>
    public static IEnumerable<SheetRow> Read(Stream stream)
    {
        var head = new byte[SniffBytes];
        var length = 0;
        for (int n; length < head.Length && (n = stream.Read(head, length, head.Length - length)) > 0;)
        {
            length += n;
        }

        var encoding = Detect(head.AsSpan(0, length), endOfFile: length < head.Length);
        var text = new StreamReader(new PrefixedStream(head, length, stream), encoding, detectEncodingFromByteOrderMarks: true);
        return Checked(text);
    }

    /// <summary>Rows one at a time; empty rows are skipped but counted, a line break inside quotes stays in its row.</summary>
    public static IEnumerable<SheetRow> Read(TextReader reader)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var afterQuote = false;
        var number = 1;
        var first = true;
        var pendingCr = false;
        var buffer = new char[16 * 1024];
        for (int count; (count = reader.Read(buffer, 0, buffer.Length)) > 0;)
        {
            for (var i = 0; i < count; i++)
            {
                var c = buffer[i];
                if (first)
                {
                    first = false;
                    if (c == '\uFEFF')
                    {
                        continue;
                    }
                }

                if (pendingCr)
                {
                    pendingCr = false;
                    if (c == '\n')
                    {
                        continue; // the \n of a \r\n already ended the row
                    }
                }

                if (quoted)
                {
                    if (c == '"')
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                    else
                    {
                        cell.Append(c);
                    }

                    continue;
                }

                if (c == '"')
                {
                    if (afterQuote)
                    {
                        cell.Append('"'); // "" inside a quoted field
                        quoted = true;
                        afterQuote = false;
                    }
                    else if (cell.Length == 0)
                    {
                        quoted = true;
                    }
                    else
                    {
                        cell.Append(c);
                    }

                    continue;
                }

                afterQuote = false;
                if (c == ',')
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else if (c is '\r' or '\n')
                {
                    pendingCr = c == '\r';
                    cells.Add(cell.ToString());
                    cell.Clear();
                    if (SheetRow.NonEmpty(number, cells) is { } row)
                    {
                        yield return row;
                    }

                    cells.Clear();
                    number++;
                }
                else
                {
                    cell.Append(c);
                }
            }
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            if (SheetRow.NonEmpty(number, cells) is { } row)
            {
                yield return row;
            }
        }
    }

    /// <summary>The rows as a CSV file: UTF-8 with BOM, CRLF, quoted where needed, every cell through <see cref="FormulaGuard"/>.</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        Write(buffer, rows);
        return buffer.ToArray();
    }

    public static void Write(Stream stream, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                WriteCell(writer, FormulaGuard.Neutralise(row[i] ?? ""));
            }

            writer.Write("\r\n");
        }
    }

    private static void WriteCell(StreamWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>A BOM names the encoding; otherwise valid UTF-8 is UTF-8 and anything else GB18030 (which decodes GBK and GB2312 too).</summary>
    private static Encoding Detect(ReadOnlySpan<byte> head, bool endOfFile)
    {
        if (head is [0xEF, 0xBB, 0xBF, ..] or [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true); // the reader takes the BOM's encoding
        }

        // The sample may end inside a character: try it without up to three trailing bytes.
        for (var cut = 0; cut <= (endOfFile ? 0 : Math.Min(3, head.Length)); cut++)
        {
            if (Utf8.IsValid(head[..^cut]))
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true);
            }
        }

        return Encoding.GetEncoding("GB18030");
    }

    private static IEnumerable<SheetRow> Checked(StreamReader text)
    {
        using (text)
        {
            using var rows = Read(text).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (DecoderFallbackException e)
                {
                    throw new InvalidDataException("文件编码无法识别：请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”后再上传", e);
                }

                yield return rows.Current;
            }
        }
    }

    /// <summary>The bytes already read to sniff the encoding, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] head, int headLength, Stream rest) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position < headLength)
            {
                var n = Math.Min(count, headLength - position);
                Array.Copy(head, position, buffer, offset, n);
                position += n;
                return n;
            }

            return rest.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
