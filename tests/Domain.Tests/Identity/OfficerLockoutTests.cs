using Changai.Domain.Identity;

namespace Changai.Domain.Tests.Identity;

public sealed class OfficerLockoutTests
{
    private static readonly DateTime Start = new(2026, 11, 21, 1, 0, 0, DateTimeKind.Utc);

    private static Officer NewOfficer() => new()
    {
        Id = Guid.NewGuid(),
        Username = "kunming.admin",
        DisplayName = "李华",
        PasswordHash = "hash",
        UnionId = Guid.NewGuid(),
    };

    private static DateTime FailTimes(Officer officer, int times, DateTime from)
    {
        var at = from;
        for (var i = 0; i < times; i++)
        {
            at = from.AddSeconds(10 * i);
            officer.RecordFailedLogin(at);
        }

        return at;
    }

    [Fact]
    public void A_new_officer_is_not_locked_out()
    {
        Assert.False(NewOfficer().IsLockedOut(Start));
    }

    [Fact]
    public void Four_wrong_passwords_do_not_lock_the_account()
    {
        var officer = NewOfficer();

        var last = FailTimes(officer, 4, Start);

        Assert.False(officer.IsLockedOut(last));
        Assert.Null(officer.LockoutEndsAt);
    }

    [Fact]
    public void The_fifth_wrong_password_locks_the_account_for_fifteen_minutes()
    {
        var officer = NewOfficer();

        var fifth = FailTimes(officer, 5, Start);

        Assert.True(officer.IsLockedOut(fifth));
        Assert.Equal(fifth.AddMinutes(15), officer.LockoutEndsAt);
        Assert.True(officer.IsLockedOut(fifth.AddMinutes(14).AddSeconds(59)));
    }

    [Fact]
    public void Lockout_ends_after_fifteen_minutes()
    {
        var officer = NewOfficer();
        var fifth = FailTimes(officer, 5, Start);

        Assert.False(officer.IsLockedOut(fifth.AddMinutes(15)));
        Assert.False(officer.IsLockedOut(fifth.AddHours(1)));
    }

    [Fact]
    public void A_successful_login_resets_the_count_of_wrong_passwords()
    {
        var officer = NewOfficer();
        var last = FailTimes(officer, 4, Start);

        officer.RecordSuccessfulLogin(last.AddSeconds(5));
        last = FailTimes(officer, 4, last.AddMinutes(1));

        Assert.False(officer.IsLockedOut(last));

        officer.RecordFailedLogin(last.AddSeconds(10));
        Assert.True(officer.IsLockedOut(last.AddSeconds(10)));
    }

    [Fact]
    public void After_the_lockout_ends_a_single_wrong_password_does_not_lock_again()
    {
        var officer = NewOfficer();
        var fifth = FailTimes(officer, 5, Start);
        var afterwards = fifth.AddMinutes(16);

        officer.RecordFailedLogin(afterwards);

        Assert.False(officer.IsLockedOut(afterwards));
    }

    [Fact]
    public void After_the_lockout_ends_five_more_wrong_passwords_lock_again()
    {
        var officer = NewOfficer();
        var fifth = FailTimes(officer, 5, Start);

        var again = FailTimes(officer, 5, fifth.AddMinutes(16));

        Assert.True(officer.IsLockedOut(again));
        Assert.Equal(again.AddMinutes(15), officer.LockoutEndsAt);
    }

    [Fact]
    public void A_successful_login_records_when_it_happened()
    {
        var officer = NewOfficer();

        officer.RecordSuccessfulLogin(Start);

        Assert.Equal(Start, officer.LastLoginAt);
        Assert.False(officer.IsLockedOut(Start));
    }
}
