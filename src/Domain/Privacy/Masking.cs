namespace Changai.Domain.Privacy;

/// <summary>How personal data is shown in responses: enough to recognise, not enough to misuse.</summary>
public static class Masking
{
    /// <summary>
    /// <c>530102199001011234</c> → <c>5****************4</c>: the first and the last character only. Views put the birth
    /// year, the gender and a county beside it, so the mask must hold against those too: with the region, the year, the
    /// gender and the check character known, about 365 × 500 / 11 ≈ 16,600 numbers remain (docs/decisions.md, "Masking").
    /// Keeping the last four (the sequence number) would leave a handful.
    /// </summary>
    public static string IdNumber(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 2 ? new string('*', value.Length) : value[..1] + new string('*', value.Length - 2) + value[^1..];

    /// <summary>
    /// What may be shown of a birth date beside a masked ID number: the year. The full date is eight of the ID number's
    /// digits; shown beside the mask it would cut the candidates to a few hundred.
    /// </summary>
    public static int? BirthYear(DateOnly? birthDate) => birthDate?.Year;

    /// <summary><c>13800000000</c> → <c>138****0000</c>.</summary>
    public static string Phone(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 7 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];

    /// <summary><c>张三</c> → <c>张*</c>, <c>欧阳娜娜</c> → <c>欧***</c>.</summary>
    public static string Name(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // By text element, so a rare character outside the BMP (生僻字, two UTF-16 units) is kept whole.
        var characters = new System.Globalization.StringInfo(value);
        return characters.LengthInTextElements == 1 ? value : characters.SubstringByTextElements(0, 1) + new string('*', characters.LengthInTextElements - 1);
    }
}
