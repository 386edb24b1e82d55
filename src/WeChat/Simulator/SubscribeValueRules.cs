using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Changai.WeChat.Simulator;

/// <summary>The subscribe-message keyword value rules (reference §3). The keyword type is the key without its
/// trailing digits: "character_string13" → "character_string". Lengths count Unicode code points.</summary>
internal static partial class SubscribeValueRules
{
    public static IReadOnlySet<string> KnownTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "thing", "number", "letter", "symbol", "character_string", "time", "date", "amount",
        "phone_number", "car_number", "name", "phrase", "enum",
    };

    public static string TypeOf(string key) => key.TrimEnd("0123456789".ToCharArray());

    public static bool IsValid(string key, string value) => value.Length > 0 && TypeOf(key) switch
    {
        "thing" => Length(value) <= 20 && !value.Any(char.IsControl),
        "number" => value.Length <= 32 && NumberPattern().IsMatch(value),
        "letter" => LetterPattern().IsMatch(value),
        "symbol" => Length(value) <= 5 && value.EnumerateRunes().All(r => Rune.IsPunctuation(r) || Rune.IsSymbol(r)),
        "character_string" => CharacterStringPattern().IsMatch(value),
        "time" => IsRange(value, requireTime: true),
        "date" => IsRange(value, requireTime: false),
        "amount" => AmountPattern().IsMatch(value),
        "phone_number" => PhoneNumberPattern().IsMatch(value),
        "car_number" => IsCarNumber(value),
        "name" => IsName(value),
        "phrase" => Length(value) <= 5 && value.EnumerateRunes().All(IsCjk),
        // The real rule is "one of the template's keywordEnumValueList"; the simulator has no such lists.
        "enum" => Length(value) <= 20,
        _ => false,
    };

    private static int Length(string value) => value.EnumerateRunes().Count();

    private static bool IsCjk(Rune r) => r.Value is
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x323AF);

    private static bool IsAsciiLetterOrDigit(Rune r) => r.IsAscii && char.IsAsciiLetterOrDigit((char)r.Value);

    /// <summary>24-hour time (time) or date (date), each with the other part optional; "a~b" is a range.</summary>
    private static bool IsRange(string value, bool requireTime)
    {
        var parts = value.Split('~', StringSplitOptions.TrimEntries);
        return parts.Length is 1 or 2 && parts.All(p => IsDateTimePoint(p, requireTime));
    }

    private static bool IsDateTimePoint(string value, bool requireTime)
    {
        var m = DateTimePointPattern().Match(value);
        if (!m.Success)
        {
            return false;
        }

        var hasDate = m.Groups["y"].Success;
        var hasTime = m.Groups["h"].Success;
        if (requireTime ? !hasTime : !hasDate)
        {
            return false;
        }

        if (hasDate)
        {
            var (y, mo, d) = (Int(m, "y"), Int(m, "mo"), Int(m, "d"));
            if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
            {
                return false;
            }
        }

        return !hasTime || (Int(m, "h") <= 23 && Int(m, "mi") <= 59 && (!m.Groups["s"].Success || Int(m, "s") <= 59));
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    /// <summary>At most 8 characters: letters and digits, where the first (province) and last (e.g. 学, 警) may be CJK.</summary>
    private static bool IsCarNumber(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        return runes.Length is >= 2 and <= 8
            && runes.Select((r, i) => IsAsciiLetterOrDigit(r) || ((i == 0 || i == runes.Length - 1) && IsCjk(r))).All(ok => ok);
    }

    /// <summary>≤10 characters if any is CJK (mixed text counts as CJK), else ≤20 letters and symbols. No digits.</summary>
    private static bool IsName(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        if (runes.Any(r => Rune.IsDigit(r) || Rune.IsControl(r)))
        {
            return false;
        }

        return runes.Any(IsCjk) ? runes.Length <= 10 : runes.Length <= 20;
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[A-Za-z]{1,32}$")]
    private static partial Regex LetterPattern();

    // Digits, letters and ASCII symbols only: no CJK, no whitespace.
    [GeneratedRegex(@"^[\x21-\x7E]{1,32}$")]
    private static partial Regex CharacterStringPattern();

    [GeneratedRegex(@"^[¥￥$€£]?[0-9]{1,10}(\.[0-9]{1,2})?元?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^[0-9+\-()#*]{1,17}$")]
    private static partial Regex PhoneNumberPattern();

    [GeneratedRegex(@"^(?:(?:(?<y>[0-9]{4})年(?<mo>[0-9]{1,2})月(?<d>[0-9]{1,2})日|(?<y>[0-9]{4})[-/.](?<mo>[0-9]{1,2})[-/.](?<d>[0-9]{1,2}))\s*)?(?:(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2}))?)?$")]
    private static partial Regex DateTimePointPattern();
}
