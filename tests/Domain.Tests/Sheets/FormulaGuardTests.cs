using System.Text;
using Changai.Domain.Sheets;

namespace Changai.Domain.Tests.Sheets;

public sealed class FormulaGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("\n=1+1")]
    [InlineData("  =1+1")]
    [InlineData("＝1+1")]
    [InlineData("＠SUM(1)")]
    [InlineData("+5")]
    [InlineData("-1e5")]
    [InlineData("-5.")]
    [InlineData("- 5")]
    [InlineData("-")]
    public void A_cell_a_spreadsheet_could_run_gets_an_apostrophe(string value)
    {
        Assert.Equal("'" + value, FormulaGuard.Neutralise(value));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("-12.50")]
    [InlineData("张建国")]
    [InlineData("a=b")]
    [InlineData("5301**********1231")]
    [InlineData("")]
    [InlineData("'=already text")]
    public void Plain_negative_numbers_and_ordinary_text_are_left_alone(string value)
    {
        Assert.Equal(value, FormulaGuard.Neutralise(value));
    }

    [Fact]
    public void Both_writers_apply_the_rule_to_every_cell_header_included()
    {
        IReadOnlyList<string>[] table = [["=表头", "姓名"], ["@SUM(1)", "-5"], ["张三", "+cmd"]];

        var csv = Encoding.UTF8.GetString(Csv.Write(table)[3..]);
        var xlsx = Xlsx.Read(Xlsx.Write("名单", table));

        Assert.Equal("'=表头,姓名\r\n'@SUM(1),-5\r\n张三,'+cmd\r\n", csv);
        Assert.Equal(["'=表头", "姓名"], xlsx[0].Cells);
        Assert.Equal(["'@SUM(1)", "-5"], xlsx[1].Cells);
        Assert.Equal(["张三", "'+cmd"], xlsx[2].Cells);
    }
}
