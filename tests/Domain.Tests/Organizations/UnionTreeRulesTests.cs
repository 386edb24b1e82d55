using Changai.Domain.Common;
using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Organizations;

/// <summary>The rules of keeping the tree: where a move may go and where it puts the subtree; when a union may close.</summary>
public sealed class UnionTreeRulesTests
{
    private readonly UnionTree tree = new();

    private static DomainException Refused(Action action) => Assert.Throws<DomainException>(action);

    [Fact]
    public void A_union_cannot_move_under_itself_or_under_its_own_descendant()
    {
        Assert.Equal("organizations.union.move_cycle", Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.Wuhua, tree.Wuhua, null)).Code);
        var below = Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.Wuhua, tree.YunneiPower, null));
        Assert.Equal(("organizations.union.move_cycle", DomainErrorKind.Unprocessable), (below.Code, below.Kind));
        Assert.Contains("五华区总工会", below.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sibling_whose_code_starts_like_the_moving_union_is_not_taken_for_its_descendant()
    {
        // "/53/5301/530102/" is a prefix of "/53/5301/5301020/…" as text but not as a path: the trailing slash keeps them apart.
        var lookalike = UnionTree.Make(tree.Kunming, "5301020", "某街道总工会", UnionKind.Regional, "530102", "5301");
        var plan = UnionTreeRules.PlanMove(tree.Kunming, tree.Wuhua, lookalike, null);
        Assert.Equal("/53/5301/5301020/530102/", plan.NewPath);
    }

    [Fact]
    public void Outside_the_officers_subtree_is_not_found_and_the_officers_own_union_is_forbidden()
    {
        var outside = Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.Qilin, tree.Wuhua, null));
        Assert.Equal(("organizations.union.not_found", DomainErrorKind.NotFound), (outside.Code, outside.Kind));
        var parentOutside = Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.YunneiPower, tree.Qilin, null));
        Assert.Equal(("organizations.union.parent_not_found", DomainErrorKind.NotFound), (parentOutside.Code, parentOutside.Kind));
        var own = Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.Kunming, tree.Wuhua, null));
        Assert.Equal(("organizations.union.own_union", DomainErrorKind.Forbidden), (own.Code, own.Kind));
    }

    [Fact]
    public void A_move_to_the_current_parent_or_under_a_closed_union_is_refused()
    {
        Assert.Equal("organizations.union.same_parent", Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.YunneiPower, tree.Wuhua, null)).Code);
        var closed = UnionTree.Make(tree.Kunming, "530103", "盘龙区总工会", UnionKind.County, "530103", "5301");
        closed.ClosedAt = DateTime.UtcNow;
        Assert.Equal("organizations.union.parent_closed", Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.YunneiPower, closed, null)).Code);
    }

    [Fact]
    public void Moving_into_another_county_needs_a_region_inside_it()
    {
        var guandu = UnionTree.Make(tree.Kunming, "530111", "官渡区总工会", UnionKind.County, "530111", "5301");
        var refused = Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.WuhuaRiders, guandu, null));
        Assert.Equal("organizations.union.region_outside_parent", refused.Code);
        Assert.Contains("请同时填写新的行政区划代码", refused.Message, StringComparison.Ordinal);
        Assert.Equal("organizations.union.region_outside_parent", Refused(() => UnionTreeRules.PlanMove(tree.Kunming, tree.WuhuaRiders, guandu, "530102")).Code);

        var plan = UnionTreeRules.PlanMove(tree.Kunming, tree.WuhuaRiders, guandu, "530111");
        Assert.Equal(("/53/5301/530111/530102900/", "530111", "5301", true), (plan.NewPath, plan.RegionCode, plan.PrefectureCode, plan.RegionChanged));
        Assert.Equal("530111", plan.DescendantRegion("530102"));
        Assert.Equal("530111", plan.DescendantRegion("530111"));
    }

    [Fact]
    public void A_move_across_prefectures_changes_the_prefecture_with_the_region()
    {
        var plan = UnionTreeRules.PlanMove(tree.Province, tree.YunneiPower, tree.Qilin, "530302");
        Assert.Equal(("/53/5303/530302/530102001/", 0, "5303"), (plan.NewPath, plan.DepthDelta, plan.PrefectureCode));
        var up = UnionTreeRules.PlanMove(tree.Province, tree.YunneiPower, tree.Kunming, null);
        Assert.Equal(("/53/5301/530102001/", -1, "530102", false), (up.NewPath, up.DepthDelta, up.RegionCode, up.RegionChanged));
    }

    [Fact]
    public void The_path_rewrite_replaces_the_old_prefix_of_every_descendant()
    {
        const string oldPath = "/53/5301/530102/";
        const string newPath = "/53/5301/530111/STREET/530102/";
        Assert.Equal(newPath, UnionTreeRules.MovedPath(oldPath, oldPath, newPath));
        Assert.Equal(newPath + "530102001/91X/", UnionTreeRules.MovedPath("/53/5301/530102/530102001/91X/", oldPath, newPath));
        Assert.Throws<ArgumentException>(() => UnionTreeRules.MovedPath("/53/5303/530302/", oldPath, newPath));
    }

    [Fact]
    public void A_union_closes_only_without_children_and_with_somewhere_for_its_members()
    {
        Assert.Equal("organizations.union.has_children",
            Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.Wuhua, openChildren: 2, 0, 0, 0, null)).Code);
        var members = Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, activeMembers: 3, 0, 0, null));
        Assert.Equal("organizations.union.has_members", members.Code);
        Assert.Contains("3 名会员", members.Message, StringComparison.Ordinal);
        Assert.Equal("organizations.union.subsidy_reviews_waiting",
            Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 0, 0, subsidyReviewsWaiting: 1, tree.WuhuaRiders)).Code);
        Assert.Equal("organizations.union.receiver_not_accepting",
            Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 3, 0, 0, tree.Wuhua)).Code);
        Assert.Equal("organizations.union.receiver_inside",
            Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 3, 0, 0, tree.YunneiPower)).Code);
        Assert.Equal(DomainErrorKind.NotFound, Refused(() => UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 3, 0, 0, tree.QilinFactory)).Kind);

        UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 3, 1, 0, tree.WuhuaRiders);
        UnionTreeRules.EnsureCanClose(tree.Kunming, tree.YunneiPower, 0, 0, 1, 0, null); // an application alone is returned
        // A federation with nobody in it can merge into another federation.
        UnionTreeRules.EnsureCanClose(tree.Province, tree.Wuhua, 0, 0, 0, 0, tree.Qilin);
    }

    [Fact]
    public void The_transfer_reason_names_both_unions_and_why()
    {
        Assert.Equal("工会合并，会籍由“云内动力工会”转入“五华区新就业形态联合工会”",
            UnionTreeRules.TransferReason(UnionClosure.Merged, tree.YunneiPower, tree.WuhuaRiders));
        Assert.StartsWith("工会撤销，", UnionTreeRules.TransferReason(UnionClosure.Dissolved, tree.YunneiPower, tree.WuhuaRiders), StringComparison.Ordinal);
    }
}
