using Changai.Domain.Privacy;

namespace Changai.Domain.Tests.Privacy;

public sealed class IdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    private static IdNumber.Problem Parse(string? input) => IdNumber.TryParse(input, Today, out _);

    private static IdNumber Accept(string input)
    {
        var problem = IdNumber.TryParse(input, Today, out var parsed);
        Assert.Equal(IdNumber.Problem.None, problem);
        Assert.NotNull(parsed);
        return parsed;
    }

    [Fact]
    public void Reference_implementation_agrees_with_the_published_examples()
    {
        // Guards the test data itself: the independent MOD 11-2 used below must reproduce the published check characters.
        Assert.Equal('X', ReferenceIdNumber.CheckCharacter("11010519491231002"));
        Assert.Equal('4', ReferenceIdNumber.CheckCharacter("44052418800101001"));
    }

    [Fact]
    public void Accepts_the_published_example_11010519491231002X_and_reads_region_birth_date_and_gender()
    {
        var id = Accept("11010519491231002X");

        Assert.Equal("11010519491231002X", id.Value);
        Assert.Equal("110105", id.RegionCode);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal(Gender.Female, id.Gender);
    }

    [Fact]
    public void Accepts_the_standards_own_example_440524188001010014()
    {
        var id = Accept("440524188001010014");

        Assert.Equal(new DateOnly(1880, 1, 1), id.BirthDate);
        Assert.Equal(Gender.Male, id.Gender);
    }

    [Fact]
    public void Accepts_a_lowercase_x_and_stores_it_as_uppercase()
    {
        var id = Accept("11010519491231002x");

        Assert.Equal("11010519491231002X", id.Value);
    }

    [Fact]
    public void Accepts_a_number_pasted_with_surrounding_spaces()
    {
        var id = Accept("  11010519491231002X ");

        Assert.Equal("11010519491231002X", id.Value);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310020")]
    [InlineData("440524198001010010")]
    public void Rejects_an_id_number_whose_check_character_is_wrong(string input)
    {
        Assert.Equal(IdNumber.Problem.CheckCharacter, Parse(input));
    }

    [Fact]
    public void Rejects_a_check_character_X_where_a_digit_is_due()
    {
        var valid = ReferenceIdNumber.Build("530102", new DateOnly(1990, 1, 1), 123);
        Assert.NotEqual('X', valid[17]);

        Assert.Equal(IdNumber.Problem.CheckCharacter, Parse(valid[..17] + "X"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002X0")]
    [InlineData("110105491231002")]
    public void Rejects_a_number_that_is_not_18_characters_long(string? input)
    {
        Assert.Equal(IdNumber.Problem.Length, Parse(input));
    }

    [Theory]
    [InlineData("1101051949123100AX")]
    [InlineData("X1010519491231002X")]
    [InlineData("11010519491231-02X")]
    [InlineData("11010519491231002Y")]
    [InlineData("１１０１０５１９４９１２３１００２X")]
    public void Rejects_letters_or_other_characters_where_digits_are_due(string input)
    {
        Assert.Equal(IdNumber.Problem.Characters, Parse(input));
    }

    [Theory]
    [InlineData("20230230")]
    [InlineData("20230229")]
    [InlineData("20231301")]
    [InlineData("20230100")]
    [InlineData("20230431")]
    public void Rejects_an_impossible_birth_date_even_with_a_correct_check_character(string birth)
    {
        var input = ReferenceIdNumber.Complete("530102" + birth + "123");

        Assert.Equal(IdNumber.Problem.BirthDate, Parse(input));
    }

    [Fact]
    public void Accepts_a_leap_day_birth_date()
    {
        var id = Accept(ReferenceIdNumber.Build("530102", new DateOnly(2000, 2, 29), 123));

        Assert.Equal(new DateOnly(2000, 2, 29), id.BirthDate);
    }

    [Fact]
    public void Rejects_a_birth_date_after_today()
    {
        var tomorrow = ReferenceIdNumber.Build("530102", Today.AddDays(1), 123);
        var nextYear = ReferenceIdNumber.Build("530102", Today.AddYears(1), 123);

        Assert.Equal(IdNumber.Problem.BirthDate, Parse(tomorrow));
        Assert.Equal(IdNumber.Problem.BirthDate, Parse(nextYear));
    }

    [Fact]
    public void Accepts_a_child_born_today()
    {
        var id = Accept(ReferenceIdNumber.Build("530102", Today, 123));

        Assert.Equal(Today, id.BirthDate);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("99")]
    public void Rejects_a_province_code_that_does_not_exist(string province)
    {
        var input = ReferenceIdNumber.Build(province + "0102", new DateOnly(1990, 1, 1), 123);

        Assert.Equal(IdNumber.Problem.Region, Parse(input));
    }

    [Theory]
    [InlineData(121, Gender.Male)]
    [InlineData(123, Gender.Male)]
    [InlineData(129, Gender.Male)]
    [InlineData(120, Gender.Female)]
    [InlineData(124, Gender.Female)]
    [InlineData(128, Gender.Female)]
    public void Seventeenth_digit_odd_means_male_even_means_female(int sequence, Gender expected)
    {
        var id = Accept(ReferenceIdNumber.Build("530102", new DateOnly(1990, 6, 15), sequence));

        Assert.Equal(expected, id.Gender);
        Assert.Equal(new DateOnly(1990, 6, 15), id.BirthDate);
        Assert.Equal("530102", id.RegionCode);
    }

    [Fact]
    public void Every_rejection_reason_has_a_chinese_message_for_the_worker()
    {
        foreach (var problem in Enum.GetValues<IdNumber.Problem>().Where(p => p != IdNumber.Problem.None))
        {
            var message = IdNumber.Describe(problem);
            Assert.False(string.IsNullOrWhiteSpace(message), $"{problem} has no message");
            Assert.Contains("身份证号", message);
        }
    }

    [Fact]
    public void Accepts_a_thousand_random_valid_numbers_and_rejects_every_single_character_change()
    {
        var random = new Random(11643);
        const string checkAlphabet = "0123456789X";

        for (var n = 0; n < 1000; n++)
        {
            var valid = ReferenceIdNumber.Random(random, Today);
            Assert.True(IdNumber.TryParse(valid, Today, out var parsed) == IdNumber.Problem.None, $"valid number {valid} was rejected");
            Assert.Equal(valid, parsed!.Value);

            for (var position = 0; position < 18; position++)
            {
                var alphabet = position < 17 ? checkAlphabet[..10] : checkAlphabet;
                foreach (var replacement in alphabet)
                {
                    if (replacement == valid[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(valid.AsSpan(0, position), [replacement], valid.AsSpan(position + 1));
                    var problem = IdNumber.TryParse(changed, Today, out var wrong);
                    Assert.True(problem != IdNumber.Problem.None, $"{changed} (from {valid}, position {position + 1}) was accepted");
                    Assert.Null(wrong);
                }
            }
        }
    }
}
