using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Organizations;

public sealed class UnionTests
{
    private readonly UnionTree tree = new();

    [Fact]
    public void Paths_run_from_the_province_down()
    {
        Assert.Equal("/53/5301/530102/530102001/", tree.YunneiPower.Path);
    }

    [Fact]
    public void Prefecture_contains_the_grassroots_unions_below_it()
    {
        Assert.True(tree.Kunming.Contains(tree.Wuhua));
        Assert.True(tree.Kunming.Contains(tree.YunneiPower));
        Assert.True(tree.Kunming.Contains(tree.WuhuaRiders));
    }

    [Fact]
    public void Prefecture_does_not_contain_a_sibling_prefectures_unions()
    {
        Assert.False(tree.Kunming.Contains(tree.Qujing));
        Assert.False(tree.Kunming.Contains(tree.Qilin));
        Assert.False(tree.Kunming.Contains(tree.QilinFactory));
        Assert.False(tree.Qujing.Contains(tree.YunneiPower));
    }

    [Fact]
    public void Province_contains_every_union_in_yunnan()
    {
        Assert.All(tree.All, u => Assert.True(tree.Province.Contains(u), u.Name));
    }

    [Fact]
    public void Lower_union_does_not_contain_the_unions_above_it()
    {
        Assert.False(tree.YunneiPower.Contains(tree.Wuhua));
        Assert.False(tree.Wuhua.Contains(tree.Kunming));
        Assert.False(tree.Kunming.Contains(tree.Province));
    }

    [Fact]
    public void Grassroots_union_does_not_contain_its_sibling()
    {
        Assert.False(tree.YunneiPower.Contains(tree.WuhuaRiders));
        Assert.False(tree.WuhuaRiders.Contains(tree.YunneiPower));
    }

    [Fact]
    public void A_union_is_within_its_own_scope()
    {
        Assert.All(tree.All, u => Assert.True(u.Contains(u), u.Name));
    }

    [Fact]
    public void A_code_that_merely_starts_with_another_code_is_not_inside_it()
    {
        // 昆明 5301 must not take in a unit whose code happens to begin with 5301 but hangs elsewhere in the tree.
        var elsewhere = UnionTree.Make(tree.Province, "53010", "假想单位", UnionKind.Grassroots, "530100", "5301");

        Assert.False(tree.Kunming.Contains(elsewhere));
    }

    [Theory]
    [InlineData(UnionKind.Grassroots, JoinChannel.EmployerUnion, true)]
    [InlineData(UnionKind.Grassroots, JoinChannel.RegionalUnion, false)]
    [InlineData(UnionKind.Regional, JoinChannel.RegionalUnion, true)]
    [InlineData(UnionKind.Regional, JoinChannel.EmployerUnion, false)]
    [InlineData(UnionKind.Industry, JoinChannel.RegionalUnion, true)]
    [InlineData(UnionKind.Industry, JoinChannel.EmployerUnion, false)]
    [InlineData(UnionKind.Province, JoinChannel.EmployerUnion, false)]
    [InlineData(UnionKind.Province, JoinChannel.RegionalUnion, false)]
    [InlineData(UnionKind.Prefecture, JoinChannel.EmployerUnion, false)]
    [InlineData(UnionKind.Prefecture, JoinChannel.RegionalUnion, false)]
    [InlineData(UnionKind.County, JoinChannel.EmployerUnion, false)]
    [InlineData(UnionKind.County, JoinChannel.RegionalUnion, false)]
    public void Only_enterprise_unions_take_employees_and_only_regional_or_industry_unions_take_the_rest(UnionKind kind, JoinChannel channel, bool serves)
    {
        var union = UnionTree.Make(null, "530102999", "测试工会", kind, "530102", "5301");

        Assert.Equal(serves, union.Serves(channel));
    }
}
