using Changai.Domain.Common;
using Changai.Domain.Membership;
using Changai.Domain.Tests.Organizations;

namespace Changai.Domain.Tests.Membership;

public sealed class MembershipClaimTests
{
    private readonly UnionTree tree = new();

    private static DateTime Beijing(int year, int month, int day, int hour) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0), ChinaTime.Zone);

    private static MembershipClaim NewClaim(DateTime submittedAt) => new()
    {
        Id = Guid.NewGuid(), WorkerId = Guid.NewGuid(), ClaimantName = "李秀兰", IdNumberCipher = "c", IdNumberHash = "h", PhoneCipher = "c", PhoneHash = "p",
        SubmittedAt = submittedAt, ResolvesAt = MembershipClaim.ResolutionTime(submittedAt, 5),
    };

    [Theory]
    [InlineData(7, 14)]  // Monday 2026-12-07 → the fifth working day is Monday 14th
    [InlineData(11, 18)] // Friday 11th → Friday 18th
    [InlineData(12, 18)] // Saturday 12th → Friday 18th
    [InlineData(13, 18)] // Sunday 13th → Friday 18th
    public void The_review_ends_after_five_working_days_counted_in_Beijing(int submittedDay, int dueDay)
    {
        var claim = NewClaim(Beijing(2026, 12, submittedDay, 23));

        Assert.Equal(new DateOnly(2026, 12, dueDay), claim.DueOn);
        Assert.Equal(Beijing(2026, 12, dueDay + 1, 0), claim.ResolvesAt);
    }

    [Fact]
    public void An_officer_refusal_stays_pending_for_the_worker_until_it_is_resolved()
    {
        var claim = NewClaim(Beijing(2026, 12, 7, 10));
        claim.Refuse(Guid.NewGuid(), "姓名与名册不符", Beijing(2026, 12, 8, 9));

        Assert.Equal((ClaimStatus.RefusedByOfficer, ClaimStatus.Pending), (claim.Status, claim.VisibleStatus));
        claim.Resolve(claim.ResolvesAt);
        Assert.Equal((ClaimStatus.Unverified, ClaimStatus.Unverified), (claim.Status, claim.VisibleStatus));
        Assert.Throws<DomainException>(() => claim.Resolve(claim.ResolvesAt));
    }

    [Fact]
    public void Claiming_an_imported_member_hands_it_to_the_worker_and_drops_the_register_copies()
    {
        var member = Member.Imported(Guid.NewGuid(), Guid.NewGuid(), tree.YunneiPower, new DateOnly(2012, 4, 1), 7, "李秀兰", "id-cipher", "id-hash",
            "phone-cipher", "old-phone", "YN-000123", DateTime.UtcNow);
        var worker = Guid.NewGuid();
        Assert.True(member.IsUnclaimed);
        Assert.Equal(("5301-20120401-530102001-00007", MemberSource.Import), (member.Number, member.Source));

        member.ClaimBy(worker, "new-phone", DateTime.UtcNow);

        Assert.Equal((worker, "new-phone", "YN-000123", new DateOnly(2012, 4, 1)), (member.WorkerId!.Value, member.PhoneHash, member.ExternalNumber, member.JoinedOn));
        Assert.Null(member.RegisteredName);
        Assert.Null(member.IdNumberCipher);
        Assert.Null(member.PhoneCipher);
        Assert.False(member.IsUnclaimed);
        Assert.Throws<InvalidOperationException>(() => member.ClaimBy(Guid.NewGuid(), "x", DateTime.UtcNow));
    }
}
