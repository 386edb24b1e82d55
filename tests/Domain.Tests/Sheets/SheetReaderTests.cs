using System.Text;
using Changai.Domain.Sheets;

namespace Changai.Domain.Tests.Sheets;

public sealed class SheetReaderTests
{
    static SheetReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Text = "姓名,工会\r\n张建国,官渡区总工会\r\n\r\n欧阳娜娜,\"五华区,总工会\"\r\n";

    public static TheoryData<string> Encodings => ["utf-8-bom", "utf-8", "gb18030", "gbk", "utf-16-bom"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Csv_files_are_read_in_the_encodings_excel_and_wps_save_in_china(string name)
    {
        var bytes = name switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)],
            "utf-8" => Encoding.UTF8.GetBytes(Text),
            "gb18030" => Encoding.GetEncoding("GB18030").GetBytes(Text),
            "gbk" => Encoding.GetEncoding(936).GetBytes(Text),
            _ => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Text)).ToArray(),
        };

        var rows = Csv.Read(new MemoryStream(bytes)).ToList();

        Assert.Equal(["姓名", "工会"], rows[0].Cells);
        Assert.Equal(["张建国", "官渡区总工会"], rows[1].Cells);
        Assert.Equal(4, rows[2].Number); // row 3 is empty: skipped, still counted
        Assert.Equal(["欧阳娜娜", "五华区,总工会"], rows[2].Cells);
    }

    [Fact]
    public void A_file_that_turns_out_not_to_be_utf8_after_the_sniffed_part_gets_a_chinese_message()
    {
        var head = Encoding.UTF8.GetBytes("姓名\r\n" + string.Concat(Enumerable.Repeat("张建国\r\n", 10_000))); // > 64 KB of valid UTF-8
        var bytes = head.Concat(Encoding.GetEncoding("GB18030").GetBytes("李秀兰\r\n")).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => Csv.Read(new MemoryStream(bytes)).Count());

        Assert.Contains("另存为", error.Message);
    }

    [Fact]
    public void Big_files_stream_with_row_numbers_as_the_spreadsheet_shows_them()
    {
        const int count = 20_000;
        IEnumerable<IReadOnlyList<string>> Table() => new[] { (IReadOnlyList<string>)["序号", "姓名"] }
            .Concat(Enumerable.Range(1, count).Select(i => (IReadOnlyList<string>)[i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 100 == 0 ? "" : "张" + i]));
        using var csv = new MemoryStream();
        Csv.Write(csv, Table());
        using var xlsx = new MemoryStream();
        Xlsx.Write(xlsx, "名单", Table());
        csv.Position = 0;
        xlsx.Position = 0;

        foreach (var rows in new[] { Csv.Read(csv), Xlsx.Read(xlsx) })
        {
            var last = rows.Last();
            Assert.Equal(count + 1, last.Number);
            Assert.Equal(["20000"], last.Cells); // the empty name is a trailing empty cell, left out
            Assert.Equal("", last.Cell(1));
        }
    }

    [Fact]
    public void A_workbook_that_unpacks_beyond_the_limit_is_refused()
    {
        var bytes = Xlsx.Write("名单", [["姓名"], [new string('张', 100_000)]]);

        Assert.Throws<InvalidDataException>(() => Xlsx.Read(new MemoryStream(bytes), maxUnpackedBytes: 64 * 1024).ToList());
        Assert.Single(Xlsx.Read(new MemoryStream(bytes)).Skip(1));
    }
}
