using Changai.Domain.Training;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Tests.Training;

public sealed class CheckInCodesTests
{
    private static readonly Guid Session = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private readonly TestClock clock = new(new DateTimeOffset(2026, 12, 1, 1, 0, 5, TimeSpan.Zero));

    private CheckInCodes Codes(string key = "jJknzZ2FpqaL6xPqYvZ1D2nqqLZpcbq9lCgAarbGE/s=") =>
        new(Options.Create(new TrainingOptions { CheckInSigningKey = key }), clock);

    [Fact]
    public void A_token_is_accepted_in_its_own_step_and_the_next_then_refused_as_expired()
    {
        var codes = Codes();
        var token = codes.Issue(Session).Token;
        Assert.Equal(CheckInVerdict.Valid, codes.Verify(Session, token));

        clock.Advance(TimeSpan.FromSeconds(30)); // the screen already shows the next token; a scan of the old one still counts
        Assert.Equal(CheckInVerdict.Valid, codes.Verify(Session, token));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CheckInVerdict.Expired, codes.Verify(Session, token));
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(CheckInVerdict.Expired, codes.Verify(Session, token));
    }

    [Fact]
    public void The_token_changes_every_30_seconds_and_says_when_to_refresh()
    {
        var codes = Codes();
        var first = codes.Issue(Session);
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 30, DateTimeKind.Utc), first.RefreshAt);
        Assert.Equal(first.RefreshAt.AddSeconds(30), first.AcceptedUntil);
        Assert.Contains(Session.ToString(), first.QrText);
        Assert.EndsWith(first.Token, first.QrText);

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(first.Token, codes.Issue(Session).Token);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotEqual(first.Token, codes.Issue(Session).Token);
    }

    [Fact]
    public void A_token_of_another_session_or_another_key_or_tampered_with_is_invalid()
    {
        var codes = Codes();
        var token = codes.Issue(Session).Token;
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Guid.NewGuid(), token));
        Assert.Equal(CheckInVerdict.Invalid, Codes(Convert.ToBase64String(new byte[32])).Verify(Session, token));

        var step = long.Parse(token[..token.IndexOf('.')]);
        var mac = token[(token.IndexOf('.') + 1)..];
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, $"{step + 10}.{mac}")); // a later step with the old signature
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, $"{step}.{(mac[0] == 'A' ? 'B' : 'A')}{mac[1..]}"));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, "garbage"));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, ".abc"));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, "-5.abc"));
    }

    [Fact]
    public void A_token_signed_for_a_future_step_is_not_accepted_early()
    {
        var codes = Codes();
        clock.Advance(TimeSpan.FromMinutes(2));
        var future = codes.Issue(Session).Token;
        clock.Advance(TimeSpan.FromMinutes(-2));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, future));
    }
}
