using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Changai.WeChat;

/// <summary>
/// Turns arbitrary text into a subscribe-message keyword value that WeChat's rule for the keyword's type accepts
/// (reference §3), so a send never fails with 47003 because of a value. Text that is too long is cut, never
/// rejected; characters the type does not allow are dropped; empty input becomes a placeholder valid for the type.
/// The keyword type is the key without its trailing digits: <c>thing1</c> → <c>thing</c>. Lengths count Unicode
/// code points, and cuts never split a surrogate pair (nor, where possible, an emoji or other grapheme cluster).
/// </summary>
/// <remarks>
/// Times and dates are rendered in China time (UTC+8; China has observed no daylight saving time since 1991) as
/// <c>yyyy年M月d日 HH:mm</c> and <c>yyyy年M月d日</c>, the documented forms. An ISO 8601 string with an offset or
/// <c>Z</c> is converted to China time; one without an offset is taken as China wall-clock time.
/// <c>enum</c> values must be one of the template's listed values, which this class cannot know: they are only
/// cleaned and cut like a <c>thing</c>.
/// </remarks>
public static partial class SubscribeValueFormatter
{
    /// <summary>China Standard Time, the zone of Asia/Shanghai.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private const string Ellipsis = "…";
    private const int ThingLimit = 20;
    private const int PhraseLimit = 5;
    private const int NameCjkLimit = 10;
    private const int NameLatinLimit = 20;
    private const int CharacterStringLimit = 32;
    private const int NumberLimit = 32;
    private const int LetterLimit = 32;
    private const int SymbolLimit = 5;
    private const int PhoneNumberLimit = 17;
    private const int CarNumberLimit = 8;
    private const int AmountIntegerDigits = 10;

    // Placeholders for empty input; each is valid for its type.
    private const string EmptyText = "无";
    private const string PhraseFallback = "通知";
    private const string NameFallback = "未知";
    private const string CarNumberFallback = "未知";
    private const string NumberFallback = "0";
    private const string LetterFallback = "NA";
    private const string SymbolFallback = "-";
    private const string CharacterStringFallback = "-";
    private const string PhoneNumberFallback = "-";
    private const string AmountFallback = "¥0.00";
    private const string TimeFallback = "00:00";
    private const string DateFallback = "1970年1月1日";

    private const string CurrencySymbols = "¥￥$€£";
    private const string PhoneSymbols = "+-()#*";
    private const string PhoneSeparators = "-()";

    // Punctuation that reads badly right before the ellipsis of a cut.
    private const string TrailingSeparators = ",，、;；:：-—·";

    private static readonly decimal MaxAmount = 9_999_999_999.99m;

    /// <summary>Formats <paramref name="value"/> for the keyword <paramref name="keywordKey"/> (e.g. "thing1",
    /// "time2"). Never fails on the value; throws <see cref="ArgumentException"/> only for a key whose type is not
    /// a subscribe-message keyword type.</summary>
    public static string Format(string keywordKey, string? value)
    {
        var text = Clean(value);
        return TypeOf(keywordKey) switch
        {
            "thing" or "enum" => FormatThing(text),
            "phrase" => FormatPhrase(text),
            "name" => FormatName(text),
            "character_string" => FormatCharacterString(text),
            "number" => FormatNumber(text),
            "letter" => FormatLetter(text),
            "symbol" => FormatSymbol(text),
            "amount" => FormatAmount(text),
            "time" => FormatTimeText(text),
            "date" => FormatDateText(text),
            "phone_number" => FormatPhoneNumber(text),
            "car_number" => FormatCarNumber(text),
            _ => throw UnknownType(keywordKey),
        };
    }

    /// <summary>Formats an instant for a <c>time</c>, <c>date</c>, <c>thing</c> or <c>enum</c> keyword in China
    /// time: <c>yyyy年M月d日 HH:mm</c>, or <c>yyyy年M月d日</c> for <c>date</c>.</summary>
    public static string Format(string keywordKey, DateTimeOffset value) => TypeOf(keywordKey) switch
    {
        "date" => FormatDate(value),
        "time" or "thing" or "enum" => FormatTime(value),
        _ => throw new ArgumentException(
            $"Keyword '{keywordKey}' does not take a timestamp; only time, date, thing and enum keywords do.", nameof(keywordKey)),
    };

    /// <summary>As <see cref="Format(string, DateTimeOffset)"/>; <paramref name="utc"/> is taken as UTC unless its
    /// <see cref="DateTime.Kind"/> is <see cref="DateTimeKind.Local"/>.</summary>
    public static string Format(string keywordKey, DateTime utc) => Format(keywordKey, AsUtc(utc));

    /// <summary>Formats every value of <paramref name="data"/> with <see cref="Format(string, string?)"/>; the keys
    /// are kept.</summary>
    public static IReadOnlyDictionary<string, string> FormatAll(IReadOnlyDictionary<string, string?> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var formatted = new Dictionary<string, string>(data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            formatted[key] = Format(key, value);
        }

        return formatted;
    }

    /// <summary>A <c>time</c> value in China time, e.g. <c>2026年11月21日 10:05</c>.</summary>
    public static string FormatTime(DateTimeOffset value)
    {
        var china = value.ToOffset(ChinaOffset);
        return RenderTime(DateOnly.FromDateTime(china.DateTime), china.Hour, china.Minute);
    }

    /// <summary>A <c>time</c> value in China time; <paramref name="utc"/> is taken as UTC unless its
    /// <see cref="DateTime.Kind"/> is <see cref="DateTimeKind.Local"/>.</summary>
    public static string FormatTime(DateTime utc) => FormatTime(AsUtc(utc));

    /// <summary>A <c>date</c> value in China time, e.g. <c>2026年11月21日</c>.</summary>
    public static string FormatDate(DateTimeOffset value) => RenderDate(DateOnly.FromDateTime(value.ToOffset(ChinaOffset).DateTime));

    /// <summary>A <c>date</c> value in China time; <paramref name="utc"/> is taken as UTC unless its
    /// <see cref="DateTime.Kind"/> is <see cref="DateTimeKind.Local"/>.</summary>
    public static string FormatDate(DateTime utc) => FormatDate(AsUtc(utc));

    /// <summary>A <c>date</c> value for a calendar date, e.g. <c>2026年11月21日</c>.</summary>
    public static string FormatDate(DateOnly date) => RenderDate(date);

    private static string TypeOf(string keywordKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keywordKey);
        return keywordKey.TrimEnd("0123456789".ToCharArray());
    }

    private static ArgumentException UnknownType(string keywordKey) => new(
        $"'{keywordKey}' is not a subscribe-message keyword (thing, number, letter, symbol, character_string, time, date, "
        + "amount, phone_number, car_number, name, phrase or enum followed by digits).", nameof(keywordKey));

    private static DateTimeOffset AsUtc(DateTime value) =>
        new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));

    // ---- text clean-up shared by all types ----

    /// <summary>Drops lone surrogates, control and invisible format characters (keeping the zero-width joiner that
    /// emoji sequences need), turns line breaks and tabs into spaces, collapses runs of white space and trims.</summary>
    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                i++;
                if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
                {
                    continue;
                }

                FlushSpace(sb, ref pendingSpace);
                sb.Append(c).Append(value[i]);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (char.IsControl(c) || (char.GetUnicodeCategory(c) == UnicodeCategory.Format && c != '\u200D'))
            {
                continue;
            }

            FlushSpace(sb, ref pendingSpace);
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static void FlushSpace(StringBuilder sb, ref bool pendingSpace)
    {
        if (pendingSpace && sb.Length > 0)
        {
            sb.Append(' ');
        }

        pendingSpace = false;
    }

    /// <summary>Maps full-width ASCII (Ａ１－) to ASCII and every decimal digit (e.g. ٣) to its ASCII digit.</summary>
    private static string ToAscii(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0xFF01 and <= 0xFF5E)
            {
                sb.Append((char)(rune.Value - 0xFEE0));
            }
            else if (Rune.IsDigit(rune) && Rune.GetNumericValue(rune) is var digit and >= 0 and <= 9)
            {
                sb.Append((char)('0' + (int)digit));
            }
            else
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }

    private static int Length(string text)
    {
        var n = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static bool IsCjk(Rune r) => r.Value is
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x323AF);

    private static bool IsAsciiLetterOrDigit(Rune r) => r.IsAscii && char.IsAsciiLetterOrDigit((char)r.Value);

    private static string Keep(string text, Func<Rune, bool> keep)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (keep(rune))
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }

    private static string TakeRunes(string text, int count)
    {
        var sb = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (count-- <= 0)
            {
                break;
            }

            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="limit"/> code points including the
    /// <paramref name="ellipsis"/>, at a grapheme-cluster boundary (so 👨‍👩‍👧 is kept whole or dropped whole), and
    /// without white space or a separator right before the ellipsis.</summary>
    private static string Cut(string text, int limit, string? ellipsis)
    {
        if (Length(text) <= limit)
        {
            return text;
        }

        var budget = limit - (ellipsis is null ? 0 : Length(ellipsis));
        var sb = new StringBuilder();
        var used = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var n = Length(element);
            if (used + n > budget)
            {
                break;
            }

            sb.Append(element);
            used += n;
        }

        // A single cluster longer than the budget (e.g. a letter with dozens of combining marks) is cut by code point.
        var kept = sb.Length > 0 ? sb.ToString() : TakeRunes(text, budget);
        var trimmed = kept.TrimEnd().TrimEnd(TrailingSeparators.ToCharArray()).TrimEnd();
        return (trimmed.Length > 0 ? trimmed : kept) + ellipsis;
    }

    // ---- per type ----

    private static string FormatThing(string text) => text.Length == 0 ? EmptyText : Cut(text, ThingLimit, Ellipsis);

    private static string FormatPhrase(string text)
    {
        if (text.Length == 0)
        {
            return EmptyText;
        }

        var cjk = TakeRunes(Keep(text, IsCjk), PhraseLimit);
        return cjk.Length > 0 ? cjk : PhraseFallback;
    }

    private static string FormatName(string text)
    {
        // No digits (nor other numerals such as Ⅷ) in a name.
        var name = Clean(Keep(text, r => !Rune.IsNumber(r)));
        if (name.Length == 0)
        {
            return NameFallback;
        }

        var hasCjk = name.EnumerateRunes().Any(IsCjk);
        return Cut(name, hasCjk ? NameCjkLimit : NameLatinLimit, ellipsis: null);
    }

    private static string FormatCharacterString(string text)
    {
        var kept = Keep(ToAscii(text), r => r.Value is >= 0x21 and <= 0x7E);
        return kept.Length == 0 ? CharacterStringFallback : TakeRunes(kept, CharacterStringLimit);
    }

    private static string FormatLetter(string text)
    {
        var kept = Keep(ToAscii(text), r => r.IsAscii && char.IsAsciiLetter((char)r.Value));
        return kept.Length == 0 ? LetterFallback : TakeRunes(kept, LetterLimit);
    }

    private static string FormatSymbol(string text)
    {
        var kept = Keep(text, r => Rune.IsPunctuation(r) || Rune.IsSymbol(r));
        return kept.Length == 0 ? SymbolFallback : TakeRunes(kept, SymbolLimit);
    }

    /// <summary>The first number in the text ("共 1,234.50 人" → 1234.50), sign kept; without one, 0. Too long:
    /// decimals are dropped first, then trailing integer digits.</summary>
    private static string FormatNumber(string text)
    {
        if (FindNumber(text) is not var (negative, integer, fraction))
        {
            return NumberFallback;
        }

        var sign = negative ? "-" : "";
        var room = NumberLimit - sign.Length - integer.Length - 1;
        if (room < 1 || fraction.Length == 0)
        {
            return sign + integer[..Math.Min(integer.Length, NumberLimit - sign.Length)];
        }

        return $"{sign}{integer}.{fraction[..Math.Min(fraction.Length, room)]}";
    }

    private static (bool Negative, string Integer, string Fraction)? FindNumber(string text)
    {
        var ascii = ThousandsSeparator().Replace(ToAscii(text), "");
        var m = NumberToken().Match(ascii);
        if (!m.Success)
        {
            return null;
        }

        var integer = m.Groups["int"].Value;
        return (m.Groups["neg"].Success, integer.Length == 0 ? "0" : integer, m.Groups["frac"].Value);
    }

    /// <summary>Keeps a value that already has a currency symbol or ends in 元; otherwise renders the first number in
    /// the text with two decimals behind the symbol it names (¥ by default): "700" → "¥700.00". Amounts beyond ten
    /// integer digits are capped; signs are dropped.</summary>
    private static string FormatAmount(string text)
    {
        if (DocumentedAmount().IsMatch(text))
        {
            return text;
        }

        var ascii = ToAscii(text);
        if (FindNumber(ascii) is not var (_, integer, fraction))
        {
            return AmountFallback;
        }

        var significant = integer.TrimStart('0');
        var amount = significant.Length > AmountIntegerDigits
            ? MaxAmount
            : Math.Min(MaxAmount, Math.Round(
                decimal.Parse($"{(significant.Length == 0 ? "0" : significant)}.{(fraction.Length == 0 ? "0" : fraction[..Math.Min(fraction.Length, 15)])}",
                    NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
                2, MidpointRounding.AwayFromZero));
        var digits = amount.ToString("0.00", CultureInfo.InvariantCulture);

        var symbol = ascii.FirstOrDefault(c => CurrencySymbols.Contains(c));
        if (symbol != default)
        {
            return symbol + digits;
        }

        return ascii.Contains('元') ? digits + "元" : "¥" + digits;
    }

    private static string FormatPhoneNumber(string text)
    {
        var kept = Keep(ToAscii(text), r => r.IsAscii && (char.IsAsciiDigit((char)r.Value) || PhoneSymbols.Contains((char)r.Value)));
        if (kept.Length > PhoneNumberLimit)
        {
            // Separators are cosmetic: drop them before cutting any digit.
            kept = string.Concat(kept.Where(c => !PhoneSeparators.Contains(c)));
        }

        return kept.Length == 0 ? PhoneNumberFallback : TakeRunes(kept, PhoneNumberLimit);
    }

    /// <summary>Letters (upper-cased) and digits, with a CJK province first and a CJK suffix (学, 警, 挂…) last
    /// where the input has them: "云a·12345" → "云A12345".</summary>
    private static string FormatCarNumber(string text)
    {
        var runes = ToAscii(text).EnumerateRunes().Where(r => IsAsciiLetterOrDigit(r) || IsCjk(r)).ToList();
        if (runes.Count == 0)
        {
            return CarNumberFallback;
        }

        var head = IsCjk(runes[0]) ? runes[0].ToString() : "";
        var tail = runes.Count > 1 && IsCjk(runes[^1]) ? runes[^1].ToString() : "";
        var body = string.Concat(runes.Where(IsAsciiLetterOrDigit).Select(r => char.ToUpperInvariant((char)r.Value)));
        body = body[..Math.Min(body.Length, CarNumberLimit - Length(head) - Length(tail))];

        var plate = head + body + tail;
        return Length(plate) >= 2 ? plate : CarNumberFallback;
    }

    // ---- time and date ----

    private readonly record struct Point(DateOnly? Date, int? Hour, int? Minute);

    private static string FormatTimeText(string text) => FormatPoints(text, requireTime: true) ?? TimeFallback;

    private static string FormatDateText(string text) => FormatPoints(text, requireTime: false) ?? DateFallback;

    /// <summary>One point, or a range "a ~ b" (also ～ or 至) whose ends both parse.</summary>
    private static string? FormatPoints(string text, bool requireTime)
    {
        var parts = text.Split(['~', '～', '至'], StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && RenderPoint(ParsePoint(parts[0]), requireTime) is { } from
            && RenderPoint(ParsePoint(parts[1]), requireTime) is { } to)
        {
            return $"{from}~{to}";
        }

        return RenderPoint(ParsePoint(text), requireTime);
    }

    /// <summary>A time needs a time of day (a bare date gets 00:00); a date needs a date (its time is left out).</summary>
    private static string? RenderPoint(Point? point, bool requireTime) => point switch
    {
        null => null,
        { Date: { } d, Hour: { } h, Minute: { } m } when requireTime => RenderTime(d, h, m),
        { Date: { } d } when requireTime => RenderTime(d, 0, 0),
        { Hour: { } h, Minute: { } m } when requireTime => $"{h:00}:{m:00}",
        { Date: { } d } => RenderDate(d),
        _ => null,
    };

    private static string RenderTime(DateOnly date, int hour, int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{RenderDate(date)} {hour:00}:{minute:00}");

    private static string RenderDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year:0000}年{date.Month}月{date.Day}日");

    private static Point? ParsePoint(string text)
    {
        var ascii = ToAscii(text).Trim();
        var iso = IsoDateTime().Match(ascii);
        if (iso.Success && TryDate(iso, out var isoDate))
        {
            if (!iso.Groups["h"].Success)
            {
                return new Point(isoDate, null, null);
            }

            if (!TryTime(iso, out var h, out var mi))
            {
                return new Point(isoDate, null, null);
            }

            if (!iso.Groups["zone"].Success)
            {
                return new Point(isoDate, h, mi);
            }

            var offset = iso.Groups["zone"].Value is "Z" or "z" ? TimeSpan.Zero : ParseOffset(iso.Groups["zone"].Value);
            if (offset is null)
            {
                return null;
            }

            var chinaTicks = isoDate.ToDateTime(new TimeOnly(h, mi)).Ticks - offset.Value.Ticks + ChinaOffset.Ticks;
            if (chinaTicks < DateTime.MinValue.Ticks || chinaTicks > DateTime.MaxValue.Ticks)
            {
                return null;
            }

            var china = new DateTime(chinaTicks);
            return new Point(DateOnly.FromDateTime(china), china.Hour, china.Minute);
        }

        // Anything else: the first valid date and the first valid time of day in the text ("2025/3/8 (周六) 9:30").
        DateOnly? date = null;
        foreach (Match m in LooseDate().Matches(ascii))
        {
            if (TryDate(m, out var d))
            {
                date = d;
                break;
            }
        }

        foreach (Match m in LooseTime().Matches(ascii))
        {
            if (TryTime(m, out var hour, out var minute))
            {
                return new Point(date, hour, minute);
            }
        }

        return date is null ? null : new Point(date, null, null);
    }

    private static bool TryDate(Match m, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(m.Groups["y"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(m.Groups["mo"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var mo)
            || !int.TryParse(m.Groups["d"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || y is < 1 or > 9999 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
        {
            return false;
        }

        date = new DateOnly(y, mo, d);
        return true;
    }

    private static bool TryTime(Match m, out int hour, out int minute)
    {
        minute = 0;
        return int.TryParse(m.Groups["h"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out hour)
            && int.TryParse(m.Groups["mi"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out minute)
            && hour <= 23 && minute <= 59
            && (!m.Groups["s"].Success || int.Parse(m.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) <= 59);
    }

    private static TimeSpan? ParseOffset(string zone)
    {
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return zone[0] == '-' ? -offset : offset;
    }

    [GeneratedRegex(@"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"(?<neg>-)?(?<int>[0-9]*)(?:\.(?<frac>[0-9]+)|(?<=[0-9]))")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"^(?:[¥￥$€£][0-9]{1,10}(?:\.[0-9]{1,2})?|[0-9]{1,10}(?:\.[0-9]{1,2})?元)$")]
    private static partial Regex DocumentedAmount();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(?:[Tt ](?<h>[0-9]{2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:\.[0-9]{1,9})?)?\s*(?<zone>[Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"(?<![0-9])(?<y>[0-9]{4})\s*[年/.-]\s*(?<mo>[0-9]{1,2})\s*[月/.-]\s*(?<d>[0-9]{1,2})(?![0-9])")]
    private static partial Regex LooseDate();

    [GeneratedRegex(@"(?<![0-9])(?<h>[0-9]{1,2})\s*[:：]\s*(?<mi>[0-9]{2})(?:\s*[:：]\s*(?<s>[0-9]{2}))?(?![0-9])")]
    private static partial Regex LooseTime();
}
