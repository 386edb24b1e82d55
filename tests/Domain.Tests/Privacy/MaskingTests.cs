using Changai.Domain.Privacy;

namespace Changai.Domain.Tests.Privacy;

public sealed class MaskingTests
{
    [Fact]
    public void Id_number_shows_only_the_first_and_the_last_character()
    {
        Assert.Equal("5****************4", Masking.IdNumber("530102199001011234"));
        Assert.Equal("1****************X", Masking.IdNumber("11010519491231002X"));
    }

    /// <summary>
    /// The worst case an officer's screen allows: the mask, the birth year and the gender shown beside it, and the region
    /// taken as known (a county is shown in subsidy views, and most workers live where they were registered). Counting
    /// every ID number consistent with all of that must leave at least 10^4 — about 365 × 500 / 11.
    /// </summary>
    [Theory]
    [InlineData("530102", "19900115", "232")]
    [InlineData("532502", "19760229", "457")]
    [InlineData("533103", "20001231", "988")]
    public void What_is_shown_beside_the_mask_leaves_at_least_ten_thousand_candidates(string region, string birth, string sequence)
    {
        var first17 = region + birth + sequence;
        var real = first17 + IdNumber.CheckCharacter(first17);
        Assert.Equal(IdNumber.Problem.None, IdNumber.TryParse(real, new DateOnly(2026, 1, 1), out var parsed));
        var shownMask = Masking.IdNumber(real);
        var shownYear = Masking.BirthYear(parsed!.BirthDate);

        var candidates = Candidates(region, shownYear!.Value, parsed.Gender, c => Masking.IdNumber(c) == shownMask);

        Assert.InRange(candidates, 10_000, int.MaxValue);
    }

    [Fact]
    public void The_old_mask_beside_the_full_birth_date_left_only_a_handful()
    {
        var real = "53010219900115123" + IdNumber.CheckCharacter("53010219900115123");
        static string OldMask(string v) => v[..4] + new string('*', 10) + v[^4..];

        // Beside the old mask the full date was shown; only the region's last two digits were left (the county list cuts further).
        var candidates = 0;
        for (var county = 0; county < 100; county++)
        {
            var first17 = real[..4] + county.ToString("D2") + real[6..17];
            candidates += OldMask(first17 + IdNumber.CheckCharacter(first17)) == OldMask(real) ? 1 : 0;
        }

        Assert.InRange(candidates, 1, 20);
    }

    /// <summary>Every ID number with this region, birth year and gender whose mask matches.</summary>
    private static int Candidates(string region, int year, Gender gender, Func<string, bool> matches)
    {
        var count = 0;
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            for (var sequence = 0; sequence < 1000; sequence++)
            {
                if ((sequence % 2 == 1) != (gender == Gender.Male))
                {
                    continue;
                }

                var first17 = region + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + sequence.ToString("D3");
                count += matches(first17 + IdNumber.CheckCharacter(first17)) ? 1 : 0;
            }
        }

        return count;
    }

    [Fact]
    public void Masked_id_number_hides_the_birth_date()
    {
        var masked = Masking.IdNumber("530102199001011234");

        Assert.DoesNotContain("19900101", masked);
        Assert.Equal(18, masked.Length);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("12")]
    public void Id_number_too_short_to_mask_partly_is_hidden_entirely(string value)
    {
        Assert.Equal(new string('*', value.Length), Masking.IdNumber(value));
    }

    [Fact]
    public void Mobile_number_shows_the_first_three_and_last_four_digits()
    {
        Assert.Equal("138****0000", Masking.Phone("13800000000"));
        Assert.Equal("139****5678", Masking.Phone("13912345678"));
    }

    [Fact]
    public void Very_short_phone_number_is_hidden_entirely()
    {
        Assert.Equal("******", Masking.Phone("123456"));
    }

    [Fact]
    public void Seven_digit_phone_number_is_not_shown_in_clear()
    {
        Assert.NotEqual("8765432", Masking.Phone("8765432"));
    }

    [Fact]
    public void Name_keeps_the_first_character_and_stars_the_rest()
    {
        Assert.Equal("张*", Masking.Name("张三"));
        Assert.Equal("欧***", Masking.Name("欧阳娜娜"));
        Assert.Equal("李**", Masking.Name("李小龙"));
    }

    [Fact]
    public void Name_starting_with_a_rare_character_keeps_that_character_whole()
    {
        // "𠮷" is U+20BB7, outside the Basic Multilingual Plane (two UTF-16 code units).
        Assert.Equal("𠮷*", Masking.Name("𠮷三"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_values_mask_to_an_empty_string(string? value)
    {
        Assert.Equal("", Masking.IdNumber(value));
        Assert.Equal("", Masking.Phone(value));
        Assert.Equal("", Masking.Name(value));
    }
}
