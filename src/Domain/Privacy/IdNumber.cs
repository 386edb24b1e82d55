using System.Globalization;

namespace Changai.Domain.Privacy;

public enum Gender
{
    Male,
    Female,
}

/// <summary>A resident ID number (居民身份证号码) checked under GB 11643: region, birth date, sequence, ISO 7064 MOD 11-2 check character.</summary>
public sealed record IdNumber(string Value, string RegionCode, DateOnly BirthDate, Gender Gender)
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public enum Problem
    {
        None,
        Length,
        Characters,
        Region,
        BirthDate,
        CheckCharacter,
    }

    /// <summary>Parses a candidate; <paramref name="today"/> rules out birth dates in the future.</summary>
    public static Problem TryParse(string? input, DateOnly today, out IdNumber? idNumber)
    {
        idNumber = null;
        var value = input?.Trim().ToUpperInvariant() ?? "";
        if (value.Length != 18)
        {
            return Problem.Length;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return Problem.Characters;
            }
        }

        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            return Problem.Characters;
        }

        // Province codes run from 11 (北京) to 82 (澳门); a leading 0 or 9 is never valid.
        var province = int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture);
        if (province is < 11 or > 82)
        {
            return Problem.Region;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth > today || birth.Year < 1800)
        {
            return Problem.BirthDate;
        }

        if (CheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            return Problem.CheckCharacter;
        }

        var gender = (value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        idNumber = new IdNumber(value, value[..6], birth, gender);
        return Problem.None;
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public static string Describe(Problem problem) => problem switch
    {
        Problem.Length => "身份证号应为 18 位",
        Problem.Characters => "身份证号前 17 位应为数字，最后一位为数字或 X",
        Problem.Region => "身份证号的地区码无效",
        Problem.BirthDate => "身份证号中的出生日期无效",
        Problem.CheckCharacter => "身份证号校验位不正确，请核对后重新输入",
        _ => "",
    };
}
