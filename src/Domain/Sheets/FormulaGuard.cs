namespace Changai.Domain.Sheets;

/// <summary>
/// The one formula-injection rule (OWASP "CSV injection"), applied by <see cref="Csv"/> and <see cref="Xlsx"/> to every
/// cell they write, so that no export has to remember it. A spreadsheet program runs a cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c> or <c>@</c> as a formula (a worker's name typed as <c>=HYPERLINK("http://…")</c> becomes a link
/// in the officer's Excel); tab and carriage return are on OWASP's list because some programs drop them and then read
/// what follows. Such a cell gets a leading apostrophe, which Excel and WPS treat as "this is text".
/// </summary>
public static class FormulaGuard
{
    /// <summary>
    /// The value as it may be written. Also caught: line feed (some importers split or trim on it), leading spaces before
    /// a trigger (LibreOffice can trim them on import), and the full-width ＝＋－＠ Chinese input methods type (WPS
    /// and Excel in some locales convert them to formulas on entry). A plain negative number (<c>-5</c>, <c>-12.50</c>)
    /// is left alone: a spreadsheet reads it as a number, it cannot call anything, and an amount keeps its sign.
    /// </summary>
    public static string Neutralise(string value) => IsDangerous(value) ? "'" + value : value;

    public static bool IsDangerous(string value)
    {
        var text = value.AsSpan().TrimStart(' ');
        if (text.IsEmpty)
        {
            return false;
        }

        return text[0] switch
        {
            '-' => !IsNegativeNumber(value),
            '=' or '+' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠' => true,
            _ => false,
        };
    }

    /// <summary><c>-</c>, digits, and optionally one decimal point followed by digits; nothing else (no exponent, no spaces).</summary>
    private static bool IsNegativeNumber(string value)
    {
        if (value.Length < 2 || value[0] != '-')
        {
            return false;
        }

        var digits = 0;
        var point = false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && !point && digits > 0 && i + 1 < value.Length)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
