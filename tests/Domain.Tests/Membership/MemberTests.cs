using System.Globalization;
using Changai.Domain.Membership;
using Changai.Domain.Tests.Organizations;

namespace Changai.Domain.Tests.Membership;

public sealed class MemberTests
{
    private static readonly DateOnly JoinedOn = new(2026, 11, 21);

    /// <summary>Someone who joined years before moving, so a number rebuilt from "today" would show.</summary>
    private static readonly DateOnly JoinedLongAgo = new(2019, 5, 4);
    private readonly UnionTree tree = new();

    private Member NewMember(int sequence = 1, DateOnly? joinedOn = null) => Member.Create(
        Guid.NewGuid(), Guid.NewGuid(), tree.YunneiPower, joinedOn ?? JoinedOn, sequence, "id-hash", "phone-hash",
        new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Number_reads_prefecture_join_date_union_code_and_sequence()
    {
        Assert.Equal("5301-20261121-530102001-00001", Member.FormatNumber(tree.YunneiPower, JoinedOn, 1));
    }

    [Theory]
    [InlineData(7, "00007")]
    [InlineData(123, "00123")]
    [InlineData(99999, "99999")]
    public void Sequence_is_padded_to_five_digits(int sequence, string expected)
    {
        var number = Member.FormatNumber(tree.WuhuaRiders, new DateOnly(2027, 1, 5), sequence);

        Assert.Equal("5301-20270105-530102900-" + expected, number);
    }

    [Fact]
    public void Number_uses_the_gregorian_date_whatever_the_server_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("th-TH");

            Assert.Equal("5301-20261121-530102001-00001", Member.FormatNumber(tree.YunneiPower, JoinedOn, 1));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void A_new_member_is_active_with_a_number_from_the_issuing_union()
    {
        var member = NewMember(42);

        Assert.Equal(MembershipStatus.Active, member.Status);
        Assert.Equal(tree.YunneiPower.Id, member.UnionId);
        Assert.Equal("5301-20261121-530102001-00042", member.Number);
        Assert.Equal(JoinedOn, member.JoinedOn);
    }

    [Fact]
    public void Moving_to_another_prefecture_keeps_the_join_date_and_takes_the_new_unions_codes()
    {
        var member = NewMember(joinedOn: JoinedLongAgo);

        member.MoveTo(tree.QilinFactory, 17);

        Assert.Equal("5303-20190504-530302001-00017", member.Number);
        Assert.Equal(tree.QilinFactory.Id, member.UnionId);
        Assert.Equal(JoinedLongAgo, member.JoinedOn);
    }

    [Fact]
    public void Moving_within_the_same_county_changes_only_the_union_code_and_sequence()
    {
        var member = NewMember(joinedOn: JoinedLongAgo);
        var before = member.Number;

        member.MoveTo(tree.WuhuaRiders, 3);

        Assert.Equal("5301-20190504-530102001-00001", before);
        Assert.Equal("5301-20190504-530102900-00003", member.Number);
        Assert.Equal(tree.WuhuaRiders.Id, member.UnionId);
    }
}
