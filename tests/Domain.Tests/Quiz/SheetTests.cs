using System.IO.Compression;
using System.Text;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;

namespace Changai.Domain.Tests.Quiz;

public sealed class SheetTests
{
    [Fact]
    public void Csv_reads_quotes_commas_line_breaks_and_a_bom_and_numbers_rows_like_a_spreadsheet()
    {
        var text = "\uFEFF编号,题干\r\nQ1,\"有逗号, 和\"\"引号\"\"\"\r\n\r\nQ2,\"两\n行\"\nQ3,末行";

        var rows = Csv.Read(text);

        Assert.Equal(["编号", "题干"], rows[0].Cells);
        Assert.Equal("有逗号, 和\"引号\"", rows[1].Cells[1]);
        Assert.Equal(4, rows[2].Number); // the empty row 3 is skipped but still counted
        Assert.Equal("两\n行", rows[2].Cells[1]);
        Assert.Equal(5, rows[3].Number); // a line break inside quotes stays in its row
        Assert.Equal(["Q3", "末行"], rows[3].Cells);
    }

    [Fact]
    public void Csv_is_written_with_a_bom_quoted_where_needed_and_formulas_defused()
    {
        var bytes = Csv.Write([["题干", "答案"], ["含,逗号", "=1+1"], ["-3", "\"引\""]]);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal("题干,答案\r\n\"含,逗号\",'=1+1\r\n-3,\"\"\"引\"\"\"\r\n", text);
        Assert.Equal("'=1+1", Csv.Read(text)[1].Cells[1]);
    }

    [Fact]
    public void Xlsx_written_here_reads_back_cell_for_cell()
    {
        IReadOnlyList<string>[] table = [["编号", "题干", "选项A"], ["YN-001", "换行\n和 空格  ", ""], ["", "", "只有C列"]];

        var rows = Xlsx.Read(Xlsx.Write("题库", table));

        Assert.True(Xlsx.LooksLikeXlsx(Xlsx.Write("x", [])));
        Assert.Equal(["编号", "题干", "选项A"], rows[0].Cells);
        Assert.Equal(["YN-001", "换行\n和 空格  "], rows[1].Cells.Take(2));
        Assert.Equal(3, rows[2].Number);
        Assert.Equal(["", "", "只有C列"], rows[2].Cells);
    }

    [Fact]
    public void Xlsx_as_excel_saves_it_shared_and_rich_strings_numbers_and_gaps_are_read()
    {
        // What Excel writes: text in the shared-strings part (one as rich text runs), numbers inline, row 3 left empty.
        var bytes = Package(
            sheet: """
                   <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                   <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>
                   <row r="2"><c r="A2" t="inlineStr"><is><t>单选</t></is></c><c r="B2"><v>3</v></c><c r="D2" t="b"><v>1</v></c></row>
                   <row r="4"><c r="B4" t="s"><v>1</v></c></row>
                   </sheetData></worksheet>
                   """,
            shared: """
                    <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                    <si><t>题型</t></si><si><r><t>难</t></r><r><rPr><b/></rPr><t>度</t></r></si><si><t xml:space="preserve"> 答案 </t></si>
                    </sst>
                    """);

        var rows = Xlsx.Read(bytes);

        Assert.Equal(["题型", "难度", "", " 答案 "], rows[0].Cells);
        Assert.Equal(["单选", "3", "", "TRUE"], rows[1].Cells);
        Assert.Equal(4, rows[2].Number);
        Assert.Equal(["", "难度"], rows[2].Cells);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_reported_as_unreadable()
    {
        Assert.Throws<InvalidDataException>(() => Xlsx.Read(Encoding.UTF8.GetBytes("PK\u0003\u0004 not really a zip")));
        Assert.Throws<InvalidDataException>(() => Xlsx.Read(Package("<worksheet", null)));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    public void Column_names_and_indexes_match(int index, string name)
    {
        Assert.Equal(name, Xlsx.ColumnName(index));
        Assert.Equal(index, Xlsx.ColumnIndex(name + "12"));
    }

    private static byte[] Package(string sheet, string? shared)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }

            Add("xl/workbook.xml", """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="题库" sheetId="1" r:id="rId7"/></sheets></workbook>
                """);
            Add("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                </Relationships>
                """);
            // Excel, WPS and LibreOffice name sheet parts sheetN.xml, and MiniExcel looks for no other name.
            Add("xl/worksheets/sheet1.xml", sheet);
            if (shared is not null)
            {
                Add("xl/sharedStrings.xml", shared);
            }
        }

        return buffer.ToArray();
    }
}
