using Changai.Domain.Common;
using Changai.Domain.Identity;
using Changai.Domain.Tests.Organizations;

namespace Changai.Domain.Tests.Identity;

public sealed class OfficerAccountRulesTests
{
    private readonly UnionTree tree = new();

    private static Officer At(Guid unionId) => new() { Id = Guid.NewGuid(), Username = "x.y", DisplayName = "某干部", PasswordHash = "h", UnionId = unionId };

    [Fact]
    public void An_administrator_reaches_accounts_in_their_subtree_but_not_beside_or_above_it()
    {
        var administrator = At(tree.Kunming.Id);
        OfficerAccountRules.EnsureCanAdminister(administrator.Id, tree.Kunming, At(tree.Wuhua.Id), tree.Wuhua);
        OfficerAccountRules.EnsureCanAdminister(administrator.Id, tree.Kunming, At(tree.Kunming.Id), tree.Kunming);

        Assert.Equal(DomainErrorKind.NotFound, Assert.Throws<DomainException>(() =>
            OfficerAccountRules.EnsureCanAdminister(administrator.Id, tree.Kunming, At(tree.Qilin.Id), tree.Qilin)).Kind);
        Assert.Equal(DomainErrorKind.NotFound, Assert.Throws<DomainException>(() =>
            OfficerAccountRules.EnsureCanAdminister(administrator.Id, tree.Kunming, At(tree.Province.Id), tree.Province)).Kind);
    }

    [Fact]
    public void Nobody_administers_their_own_account()
    {
        var administrator = At(tree.Kunming.Id);
        var e = Assert.Throws<DomainException>(() => OfficerAccountRules.EnsureCanAdminister(administrator.Id, tree.Kunming, administrator, tree.Kunming));
        Assert.Equal("officers.self", e.Code);
    }

    [Fact]
    public void Only_permissions_the_administrator_holds_can_be_granted_and_at_least_one()
    {
        var held = OfficerPermissions.ReviewMembership | OfficerPermissions.ManageOfficers;
        OfficerAccountRules.EnsureCanGrant(held, OfficerPermissions.ReviewMembership);
        OfficerAccountRules.EnsureCanGrant(held, held);
        Assert.Equal("officers.permission_not_held", Assert.Throws<DomainException>(() =>
            OfficerAccountRules.EnsureCanGrant(held, OfficerPermissions.ReviewMembership | OfficerPermissions.Finance)).Code);
        Assert.Equal("officers.no_permission_chosen", Assert.Throws<DomainException>(() =>
            OfficerAccountRules.EnsureCanGrant(held, OfficerPermissions.None)).Code);
    }

    [Theory]
    [InlineData("km.guandu2", true)]
    [InlineData("yunnei_gh-1", true)]
    [InlineData("ab", false)]
    [InlineData("2km", false)]
    [InlineData("KM.shi", false)]
    [InlineData("km shi", false)]
    [InlineData("王五", false)]
    [InlineData(null, false)]
    public void Usernames_are_short_lowercase_identifiers(string? username, bool valid) =>
        Assert.Equal(valid, OfficerAccountRules.IsValidUsername(username));

    [Theory]
    [InlineData("abc123", "密码至少 10 位")]
    [InlineData("abcdefghijk", "密码需同时包含字母和数字")]
    [InlineData("12345678901", "密码需同时包含字母和数字")]
    [InlineData("Yunnan2026gh", null)]
    public void A_chosen_password_is_long_enough_and_mixes_letters_and_digits(string password, string? problem) =>
        Assert.Equal(problem, OfficerAccountRules.PasswordProblem(password));

    [Fact]
    public void Temporary_passwords_pass_the_policy_avoid_look_alikes_and_differ()
    {
        var passwords = Enumerable.Range(0, 500).Select(_ => OfficerAccountRules.TemporaryPassword()).ToList();
        Assert.All(passwords, p =>
        {
            Assert.Null(OfficerAccountRules.PasswordProblem(p));
            Assert.True(p.Any(char.IsUpper) && p.Any(char.IsLower));
            Assert.DoesNotContain(p, c => "0O1lI".Contains(c));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void Unlocking_ends_an_earlier_lockout_and_the_count_of_wrong_passwords()
    {
        var officer = At(tree.Wuhua.Id);
        var now = new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc);
        officer.FailedLoginCount = 5;
        officer.LockoutEndsAt = now.AddMinutes(10);
        Assert.True(officer.IsLockedOut(now));
        Assert.Equal("已锁定（密码错误过多）", OfficerAccountRules.StatusText(officer, now));
        OfficerAccountRules.Unlock(officer);
        Assert.False(officer.IsLockedOut(now));
        Assert.Equal(0, officer.FailedLoginCount);
        Assert.Equal("正常", OfficerAccountRules.StatusText(officer, now));
    }
}
