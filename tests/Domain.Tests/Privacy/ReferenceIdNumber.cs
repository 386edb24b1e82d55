using System.Globalization;

namespace Changai.Domain.Tests.Privacy;

/// <summary>
/// An independent ISO 7064 MOD 11-2 implementation for building test data. It uses the recursive "pure system"
/// form of the standard (p = (p + digit) * 2 mod 11, then the check value makes the whole number ≡ 1 mod 11),
/// not the weight table the production code uses, so a wrong weight or a wrong check table in production shows up.
/// </summary>
internal static class ReferenceIdNumber
{
    /// <summary>Province-level GB/T 2260 codes in use.</summary>
    public static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
        "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    public static char CheckCharacter(string first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("need 17 digits", nameof(first17));
        }

        var p = 0;
        foreach (var c in first17)
        {
            p = (p + (c - '0')) * 2 % 11;
        }

        var check = (12 - p) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    /// <summary>Appends the check character to 17 digits.</summary>
    public static string Complete(string first17) => first17 + CheckCharacter(first17);

    public static string Build(string region6, DateOnly birth, int sequence) =>
        Complete(region6 + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture));

    public static string Random(Random random, DateOnly latestBirth)
    {
        var region = Provinces[random.Next(Provinces.Length)] + random.Next(0, 10_000).ToString("D4", CultureInfo.InvariantCulture);
        var earliest = new DateOnly(1900, 1, 1).DayNumber;
        var birth = DateOnly.FromDayNumber(random.Next(earliest, latestBirth.DayNumber + 1));
        return Build(region, birth, random.Next(0, 1000));
    }
}
