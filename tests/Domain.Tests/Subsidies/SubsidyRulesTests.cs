using Changai.Domain.Common;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Changai.Domain.Tests.Organizations;

namespace Changai.Domain.Tests.Subsidies;

public sealed class SubsidyAmountTests
{
    private static readonly AmountRule Table = new(AmountRuleKind.LevelTable, LevelTable:
        [new LevelAmount(SkillLevel.SpecialAbility, 700_00), new LevelAmount(SkillLevel.Level3, 2000_00), new LevelAmount(SkillLevel.Level1, 6000_00)]);

    [Theory]
    [InlineData(SkillLevel.SpecialAbility, 700_00)]
    [InlineData(SkillLevel.Level3, 2000_00)]
    [InlineData(SkillLevel.Level1, 6000_00)]
    public void A_certificate_is_worth_what_the_table_says_for_its_level(SkillLevel level, long expected)
    {
        var result = SubsidyAmount.Compute(Table, level, null, null);
        Assert.Equal(expected, result.AmountFen);
        Assert.Equal(expected, Assert.Single(result.Breakdown).AmountFen);
    }

    [Fact]
    public void A_level_missing_from_the_table_is_refused_with_its_name()
    {
        var e = Assert.Throws<DomainException>(() => SubsidyAmount.Compute(Table, SkillLevel.Level2, null, null));
        Assert.Equal("subsidies.level_not_covered", e.Code);
        Assert.Contains("二级/技师", e.Message);
    }

    [Fact]
    public void Tuition_is_shared_by_the_percentage_up_to_the_cap_and_the_breakdown_adds_up()
    {
        var rule = new AmountRule(AmountRuleKind.TuitionShare, TuitionSharePercent: 50, TuitionCapFen: 3000_00);
        var small = SubsidyAmount.Compute(rule, null, 4500_00, null);
        Assert.Equal(2250_00, small.AmountFen);
        var large = SubsidyAmount.Compute(rule, null, 9000_00, null);
        Assert.Equal(3000_00, large.AmountFen);
        Assert.Equal(large.AmountFen, large.Breakdown.Sum(l => l.AmountFen));
        Assert.Contains("上限", large.Breakdown[^1].Item);
    }

    [Fact]
    public void Hardship_tiers_pay_the_fixed_amount_of_the_chosen_tier()
    {
        var rule = new AmountRule(AmountRuleKind.HardshipTiers, HardshipTiers: [new HardshipTier("general", "一般困难", 1000_00), new HardshipTier("illness", "重大疾病", 5000_00)]);
        Assert.Equal(5000_00, SubsidyAmount.Compute(rule, null, null, "illness").AmountFen);
        Assert.Equal("subsidies.tier_required", Assert.Throws<DomainException>(() => SubsidyAmount.Compute(rule, null, null, "unknown")).Code);
    }

    [Fact]
    public void Money_reads_as_yuan() => Assert.Equal(new[] { "2,000元", "1,234.50元" }, new[] { Money.Format(2000_00), Money.Format(1234_50) });
}

public sealed class SubsidyEligibilityTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private readonly UnionTree tree = new();

    private static SubsidyProgram Programme(EligibilityRules eligibility, long budget = 100_000_00, long committed = 0) => new()
    {
        Name = "技能提升补贴", Kind = SubsidyKind.SkillCertificate, OpensOn = new DateOnly(2026, 1, 1), ClosesOn = new DateOnly(2026, 12, 31),
        BudgetFen = budget, CommittedFen = committed, RulesJson = new SubsidyRules(eligibility, new PersonLimits(),
            new AmountRule(AmountRuleKind.LevelTable, LevelTable: [new LevelAmount(SkillLevel.Level3, 2000_00)]), [], [new ReviewStepRule(ReviewLevel.City, 10)]).ToJson(),
    };

    private static Worker Worker(string section = "C", string county = "530102") => new()
    {
        OpenId = "o", RealName = "张建国", IdNumberHash = "h", PhoneHash = "p", IndustrySection = section, EmploymentForm = EmploymentForm.LabourContract, CountyCode = county,
    };

    [Fact]
    public void A_member_of_long_enough_standing_in_the_region_who_is_an_industrial_worker_is_eligible()
    {
        var program = Programme(new EligibilityRules(3, true, 12, ["5301"]));
        var reasons = SubsidyEligibility.Reasons(program, tree.Kunming.Path, tree.Kunming.Name, new Applicant(Worker(), Today.AddMonths(-4), tree.YunneiPower.Path), Today);
        Assert.Empty(reasons);
    }

    [Fact]
    public void Every_reason_is_listed_at_once()
    {
        var program = Programme(new EligibilityRules(3, true, 12, ["5301"]), budget: 1000_00, committed: 1000_00);
        var reasons = SubsidyEligibility.Reasons(program, tree.Kunming.Path, tree.Kunming.Name,
            new Applicant(Worker(section: "P", county: "530302"), Today.AddMonths(-1), tree.YunneiPower.Path), Today);
        Assert.Equal(4, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("入会满 3 个月") && r.Contains("2027年1月21日起可申请"));
        Assert.Contains(reasons, r => r.StartsWith("本项目仅限产业工人申请") && r.Contains("教育"));
        Assert.Contains("您工作所在地区不在本项目范围内", reasons);
        Assert.Contains("本项目预算已用完", reasons);
    }

    [Fact]
    public void A_member_of_another_branch_or_a_non_member_is_told_so()
    {
        var program = Programme(new EligibilityRules());
        Assert.Contains("仅限“昆明市总工会”所属工会的会员申请",
            Assert.Single(SubsidyEligibility.Reasons(program, tree.Kunming.Path, tree.Kunming.Name, new Applicant(Worker(), Today.AddYears(-1), tree.QilinFactory.Path), Today)));
        Assert.Contains("请先加入工会",
            Assert.Single(SubsidyEligibility.Reasons(program, tree.Kunming.Path, tree.Kunming.Name, new Applicant(Worker(), null, null), Today)));
    }

    [Fact]
    public void A_certificate_must_be_dated_within_the_months_the_programme_allows()
    {
        var rules = SubsidyRules.FromJson(Programme(new EligibilityRules(CertificateWithinMonths: 12)).RulesJson);
        Assert.Null(SubsidyEligibility.CertificateReason(rules, Today.AddMonths(-12), Today));
        Assert.Contains("已超过期限", SubsidyEligibility.CertificateReason(rules, Today.AddMonths(-12).AddDays(-1), Today));
        Assert.NotNull(SubsidyEligibility.CertificateReason(rules, Today.AddDays(1), Today));
    }
}

public sealed class SubsidyLimitTests
{
    private static SubsidyRules Rules(PersonLimits limits) => new(new EligibilityRules(), limits,
        new AmountRule(AmountRuleKind.TuitionShare, TuitionSharePercent: 50, TuitionCapFen: 3000_00), [], [new ReviewStepRule(ReviewLevel.City, 10)]);

    [Fact]
    public void A_claim_uses_the_limit_its_programme_sets_and_none_otherwise()
    {
        Assert.Equal("occupation-level:焊工:Level3", SubsidyEligibility.LimitKey(Rules(new PersonLimits(OncePerOccupationAndLevel: true)), " 焊工 ", SkillLevel.Level3, null));
        Assert.Equal("degree:Bachelor", SubsidyEligibility.LimitKey(Rules(new PersonLimits(OncePerDegreeLevel: true)), null, null, DegreeLevel.Bachelor));
        Assert.Null(SubsidyEligibility.LimitKey(Rules(new PersonLimits()), "焊工", SkillLevel.Level3, DegreeLevel.Bachelor));
    }

    [Fact]
    public void A_programme_that_cannot_pay_or_be_reviewed_is_refused_with_every_problem()
    {
        var rules = new SubsidyRules(new EligibilityRules(), new PersonLimits(OncePerOccupationAndLevel: true),
            new AmountRule(AmountRuleKind.TuitionShare, TuitionSharePercent: 150), [], [new ReviewStepRule(ReviewLevel.City, 10), new ReviewStepRule(ReviewLevel.County, 5)]);
        var problems = SubsidyProgram.Problems(SubsidyKind.SkillCertificate, rules, new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 1), 0);
        Assert.Equal(6, problems.Count);
        Assert.Contains("审核层级应自下而上排列（基层 → 县区 → 州市 → 省）", problems);
    }
}

public sealed class SubsidyReviewChainTests
{
    private readonly UnionTree tree = new();

    private static readonly ReviewStepRule[] AllLevels =
        [new(ReviewLevel.Grassroots, 5), new(ReviewLevel.County, 5), new(ReviewLevel.City, 10), new(ReviewLevel.Province, 15)];

    [Fact]
    public void The_chain_climbs_from_the_members_union_to_the_province()
    {
        var chain = SubsidyReviewChain.Build(AllLevels, tree.YunneiPower, tree.All.ToList());
        Assert.Equal(new[] { tree.YunneiPower.Id, tree.Wuhua.Id, tree.Kunming.Id, tree.Province.Id }, chain.Select(s => s.UnionId));
        Assert.Equal(new[] { 5, 5, 10, 15 }, chain.Select(s => s.DeadlineDays));
    }

    [Fact]
    public void A_level_the_branch_does_not_have_is_skipped()
    {
        var cityRegional = UnionTree.Make(tree.Kunming, "5301XJY01", "昆明市新就业形态劳动者联合工会", UnionKind.Regional, "530100", "5301");
        var chain = SubsidyReviewChain.Build(AllLevels.Take(3).ToList(), cityRegional, [.. tree.All, cityRegional]);
        Assert.Equal(new[] { ReviewLevel.Grassroots, ReviewLevel.City }, chain.Select(s => s.Level));
        Assert.Equal(new[] { cityRegional.Id, tree.Kunming.Id }, chain.Select(s => s.UnionId));
    }

    [Fact]
    public void Unions_of_other_branches_are_never_in_the_chain()
    {
        var chain = SubsidyReviewChain.Build(AllLevels, tree.QilinFactory, tree.All.ToList());
        Assert.Equal(new[] { tree.QilinFactory.Id, tree.Qilin.Id, tree.Qujing.Id, tree.Province.Id }, chain.Select(s => s.UnionId));
    }
}

public sealed class SubsidyLotteryTests
{
    private static readonly Guid[] Ids = Enumerable.Range(1, 12).Select(i => Guid.Parse($"00000000-0000-7000-8000-{i:D12}")).ToArray();

    [Fact]
    public void The_same_seed_and_candidates_give_the_same_winners_whatever_order_they_come_in()
    {
        var candidates = Ids.Select(id => new LotteryCandidate(id, 1000_00, null)).ToList();
        var first = SubsidyLottery.Draw("seed-1", candidates, 5000_00, new Dictionary<string, long>());
        var again = SubsidyLottery.Draw("seed-1", candidates.AsEnumerable().Reverse(), 5000_00, new Dictionary<string, long>());
        Assert.Equal(first, again);
        Assert.Equal(5, first.Count(t => t.Selected));
        var other = SubsidyLottery.Draw("seed-2", candidates, 5000_00, new Dictionary<string, long>());
        Assert.NotEqual(first.Where(t => t.Selected).Select(t => t.ApplicationId).ToHashSet(), other.Where(t => t.Selected).Select(t => t.ApplicationId).ToHashSet());
    }

    [Fact]
    public void Tickets_can_be_recomputed_from_the_published_seed()
    {
        var tickets = SubsidyLottery.Draw("abc", Ids.Select(id => new LotteryCandidate(id, 100, null)), 10_000, new Dictionary<string, long>());
        var recomputed = Ids.Select(id => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"abc:{id:D}"))))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(recomputed, tickets.Select(t => t.Ticket));
        Assert.Equal(SubsidyLottery.Hash("abc"), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("abc"u8)));
    }

    [Fact]
    public void A_county_quota_limits_its_winners_and_leaves_the_budget_to_others()
    {
        var candidates = Ids.Select((id, i) => new LotteryCandidate(id, 1000_00, i < 8 ? "530111" : "530102")).ToList();
        var tickets = SubsidyLottery.Draw("q", candidates, 6000_00, new Dictionary<string, long> { ["530111"] = 2000_00 });
        var winners = tickets.Where(t => t.Selected).Select(t => candidates.Single(c => c.ApplicationId == t.ApplicationId).CountyCode).ToList();
        Assert.Equal(2, winners.Count(c => c == "530111"));
        Assert.Equal(4, winners.Count(c => c == "530102"));
    }
}

public sealed class SubsidyApplicationTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc);
    private static readonly ChainStep[] Chain = [new(ReviewLevel.Grassroots, Guid.NewGuid(), "基层", 5), new(ReviewLevel.County, Guid.NewGuid(), "县区", 5), new(ReviewLevel.City, Guid.NewGuid(), "市", 10)];

    private static SubsidyApplication Submitted()
    {
        var a = SubsidyApplication.Draft(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now);
        a.CertificateNumber = " s-2026 0001 ";
        a.Submit(Now, Chain, 2000_00, [], "occupation-level:焊工:Level3");
        return a;
    }

    [Fact]
    public void Submitting_fixes_the_claim_and_puts_it_before_the_first_level_with_its_deadline()
    {
        var a = Submitted();
        Assert.Equal(SubsidyStatus.UnderReview, a.Status);
        Assert.Equal("S20260001", a.CertificateKey);
        Assert.Equal(Chain[0].UnionId, a.CurrentReviewUnionId);
        Assert.Equal(Now.AddDays(5), a.CurrentStepDueAt);
        Assert.True(a.CanWithdraw);
    }

    [Fact]
    public void A_returned_application_goes_back_to_the_level_that_returned_it()
    {
        var a = Submitted();
        Assert.False(a.ApproveLevel(Now));
        a.Return("证书照片不清晰", Now, 7);
        Assert.Equal(SubsidyStatus.Returned, a.Status);
        Assert.Null(a.CurrentStepDueAt);
        a.Submit(Now.AddDays(1), Chain, 2000_00, [], null);
        Assert.Equal(Chain[1].UnionId, a.CurrentReviewUnionId);
        Assert.False(a.CanWithdraw);
    }

    [Fact]
    public void A_correction_after_its_deadline_is_refused()
    {
        var a = Submitted();
        a.Return("补充材料", Now, 7);
        Assert.Equal("subsidies.correction_expired", Assert.Throws<DomainException>(() => a.Submit(Now.AddDays(8), Chain, 1, [], null)).Code);
    }

    [Fact]
    public void The_last_level_is_final_and_only_an_approved_application_can_be_paid()
    {
        var a = Submitted();
        Assert.False(a.ApproveLevel(Now));
        Assert.False(a.ApproveLevel(Now));
        Assert.True(a.ApproveLevel(Now));
        Assert.Equal("subsidies.not_payable", Assert.Throws<DomainException>(() => a.MarkPaid(Guid.NewGuid(), DateOnly.FromDateTime(Now), "T1")).Code);
        a.ApproveFinally(Guid.NewGuid(), awaitDraw: false, Now);
        a.MarkPaid(Guid.NewGuid(), DateOnly.FromDateTime(Now), "T1");
        Assert.Equal(SubsidyStatus.Paid, a.Status);
        Assert.Equal("subsidies.not_payable", Assert.Throws<DomainException>(() => a.MarkPaid(Guid.NewGuid(), DateOnly.FromDateTime(Now), "T2")).Code);
    }

    [Fact]
    public void Withdrawing_after_a_reviewer_acted_is_refused()
    {
        var a = Submitted();
        a.ApproveLevel(Now);
        Assert.Equal("subsidies.cannot_withdraw", Assert.Throws<DomainException>(() => a.Withdraw(Now)).Code);
    }
}
