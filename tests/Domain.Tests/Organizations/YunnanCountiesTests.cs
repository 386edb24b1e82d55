using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Organizations;

public sealed class YunnanCountiesTests
{
    [Fact]
    public void Yunnan_has_129_county_level_divisions_each_under_one_of_its_16_prefectures()
    {
        Assert.Equal(129, YunnanRegions.Counties.Count);
        Assert.Equal(129, YunnanRegions.Counties.Select(c => c.Code).Distinct().Count());
        var perPrefecture = YunnanRegions.Counties.GroupBy(c => c.Code[..4]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(YunnanRegions.Prefectures.Select(p => p.Code).Order(), perPrefecture.Keys.Order());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["5301"] = 14, ["5303"] = 9, ["5304"] = 9, ["5305"] = 5, ["5306"] = 11, ["5307"] = 5, ["5308"] = 10, ["5309"] = 8,
                ["5323"] = 10, ["5325"] = 13, ["5326"] = 8, ["5328"] = 3, ["5329"] = 12, ["5331"] = 5, ["5333"] = 4, ["5334"] = 3,
            },
            perPrefecture);
    }

    [Theory]
    [InlineData("530111", "官渡区")]
    [InlineData("530481", "澄江市")]
    [InlineData("532302", "禄丰市")]
    [InlineData("533103", "芒市")]
    [InlineData("530824", "景谷傣族彝族自治县")]
    public void Places_named_in_the_seeds_are_counties(string code, string name)
    {
        Assert.True(YunnanRegions.IsCounty(code));
        Assert.Equal(name, YunnanRegions.CountyName(code));
    }

    [Theory]
    [InlineData("530100")]  // the prefecture itself
    [InlineData("530422")]  // 澄江县, now 澄江市 530481
    [InlineData("110105")]  // Beijing
    [InlineData("123456")]
    [InlineData("53011")]
    [InlineData(null)]
    public void Other_codes_are_not(string? code) => Assert.False(YunnanRegions.IsCounty(code));
}
