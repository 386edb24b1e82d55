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

    [Fact]
    public void A_scene_fits_a_wxacode_and_names_the_session_and_a_token_accepted_for_two_steps()
    {
        var codes = Codes();
        var scene = codes.IssueScene(Session);

        Assert.Equal(32, scene.Scene.Length); // getwxacodeunlimit's limit
        Assert.Matches("^[A-Za-z0-9_-]{32}$", scene.Scene); // characters WeChat accepts in a scene, none needing escapes
        Assert.Equal(Session, new Guid(System.Buffers.Text.Base64Url.DecodeFromChars(scene.Scene.AsSpan(0, 22)), bigEndian: true));
        var token = scene.Scene[22..];
        Assert.Equal(CheckInVerdict.Valid, codes.Verify(Session, token));
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 30, DateTimeKind.Utc), scene.RefreshAt);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CheckInVerdict.Valid, codes.Verify(Session, token));
        Assert.NotEqual(scene.Scene, codes.IssueScene(Session).Scene);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CheckInVerdict.Expired, codes.Verify(Session, token));
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, token)); // too old to tell from a made-up one
    }

    [Fact]
    public void A_scene_token_of_another_session_or_key_or_altered_is_invalid_and_does_not_pass_as_the_long_token()
    {
        var codes = Codes();
        var token = codes.IssueScene(Session).Scene[22..];
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Guid.NewGuid(), token));
        Assert.Equal(CheckInVerdict.Invalid, Codes(Convert.ToBase64String(new byte[32])).Verify(Session, token));
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, (token[0] == 'A' ? 'B' : 'A') + token[1..]));

        // The long token's MAC cut short is not a scene token: the two are signed apart.
        var longToken = codes.Issue(Session).Token;
        var mac = longToken[(longToken.IndexOf('.') + 1)..];
        Assert.Equal(CheckInVerdict.Invalid, codes.Verify(Session, mac[..CheckInCodes.SceneTokenLength]));
    }
}
