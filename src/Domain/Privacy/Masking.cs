namespace Changai.Domain.Privacy;

/// <summary>How personal data is shown in responses: enough to recognise, not enough to misuse.</summary>
public static class Masking
{
    /// <summary><c>530102199001011234</c> → <c>5301**********1234</c>.</summary>
    public static string IdNumber(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];

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
