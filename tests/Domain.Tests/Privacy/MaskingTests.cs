using Changai.Domain.Privacy;

namespace Changai.Domain.Tests.Privacy;

public sealed class MaskingTests
{
    [Fact]
    public void Id_number_shows_only_the_first_four_and_last_four_characters()
    {
        Assert.Equal("5301**********1234", Masking.IdNumber("530102199001011234"));
        Assert.Equal("1101**********002X", Masking.IdNumber("11010519491231002X"));
    }

    [Fact]
    public void Masked_id_number_hides_the_birth_date()
    {
        var masked = Masking.IdNumber("530102199001011234");

        Assert.DoesNotContain("19900101", masked);
        Assert.Equal(18, masked.Length);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("12345678")]
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
