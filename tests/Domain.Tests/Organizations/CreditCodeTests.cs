using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Organizations;

public sealed class CreditCodeTests
{
    [Fact]
    public void The_standards_example_is_sound()
    {
        Assert.Null(CreditCode.Problem("91350100M000100Y43"));
        Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));
    }

    [Fact]
    public void One_mistyped_character_is_caught_by_the_check_character()
    {
        Assert.Equal("校验码不正确，请核对是否抄错", CreditCode.Problem("91350100M000100Y44"));
        Assert.Equal("校验码不正确，请核对是否抄错", CreditCode.Problem("91350101M000100Y43"));
    }

    [Theory]
    [InlineData("", "不能为空")]
    [InlineData("91350100M000100Y4", "应为 18 位（当前 17 位）")]
    [InlineData("91350100M000100I43", "含有不允许的字符“I”（只能是数字和除 I、O、Z、S、V 以外的大写字母）")]
    [InlineData("91350100M000100O43", "含有不允许的字符“O”（只能是数字和除 I、O、Z、S、V 以外的大写字母）")]
    public void Malformed_codes_say_what_is_wrong(string code, string problem) => Assert.Equal(problem, CreditCode.Problem(code));

    [Fact]
    public void A_check_character_of_zero_is_written_0_not_31()
    {
        // Find a body whose weighted sum is a multiple of 31: the check character must then be "0".
        var body = Enumerable.Range(0, 1000).Select(i => $"81530111MC{i:D7}").First(b => CreditCode.CheckCharacter(b) == '0');
        Assert.Null(CreditCode.Problem(body + "0"));
    }

    [Theory]
    [InlineData(UnionKind.Grassroots, '1')]
    [InlineData(UnionKind.County, '9')]
    [InlineData(UnionKind.Prefecture, '9')]
    [InlineData(UnionKind.Joint, '9')]
    [InlineData(UnionKind.Regional, '9')]
    [InlineData(UnionKind.Industry, '9')]
    public void A_union_code_starts_with_8_then_1_for_a_grassroots_union_and_9_otherwise(UnionKind kind, char category)
    {
        var code = CreditCode.Complete($"8{category}530111MC0000001");
        Assert.Null(CreditCode.UnionPrefixProblem(code, kind));
        var other = CreditCode.Complete($"8{(category == '1' ? '9' : '1')}530111MC0000001");
        Assert.StartsWith("第 2 位（机构类别）应为 " + category, CreditCode.UnionPrefixProblem(other, kind));
    }

    [Fact]
    public void A_company_code_is_not_a_union_code()
    {
        Assert.Equal("工会的统一社会信用代码应以 8 开头（工会登记管理部门代码）", CreditCode.UnionPrefixProblem("91350100M000100Y43", UnionKind.Grassroots));
    }
}
