using System.Globalization;
using System.Text;
using Changai.WeChat.Simulator;
using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests;

public sealed class SubscribeValueFormatterTests
{
    private const int CasesPerType = 5_000;
    private const string EveryTypeTemplate = "tmpl-every-type";

    private static readonly string[] EveryTypeKeys =
    [
        "thing1", "number2", "letter3", "symbol4", "character_string5", "time6", "date7", "amount8",
        "phone_number9", "car_number10", "name11", "phrase12", "enum13",
    ];

    // ---- the "47003 never produced by our formatting" guarantee ----

    [Theory]
    [InlineData("thing1")]
    [InlineData("number2")]
    [InlineData("letter3")]
    [InlineData("symbol4")]
    [InlineData("character_string13")]
    [InlineData("time5")]
    [InlineData("date6")]
    [InlineData("amount7")]
    [InlineData("phone_number8")]
    [InlineData("car_number9")]
    [InlineData("name10")]
    [InlineData("phrase11")]
    [InlineData("enum12")]
    public void Formatted_random_text_always_passes_the_simulators_rule_and_formatting_again_changes_nothing(string key)
    {
        var rng = new Random(20261121 + key.Sum(c => c));
        var failures = new List<string>();
        for (var i = 0; i < CasesPerType && failures.Count < 10; i++)
        {
            var input = i % 250 == 0 ? null : RandomInput(rng);
            var output = SubscribeValueFormatter.Format(key, input);
            if (!SubscribeValueRules.IsValid(key, output) || !IsWellFormedUtf16(output))
            {
                failures.Add($"invalid: {Show(input)} → {Show(output)}");
            }
            else if (SubscribeValueFormatter.Format(key, output) is var again && again != output)
            {
                failures.Add($"not stable: {Show(input)} → {Show(output)} → {Show(again)}");
            }
        }

        Assert.True(failures.Count == 0, $"{key}:\n{string.Join('\n', failures)}");
    }

    [Theory]
    [InlineData("thing1", "无")]
    [InlineData("enum1", "无")]
    [InlineData("phrase1", "无")]
    [InlineData("name1", "未知")]
    [InlineData("number1", "0")]
    [InlineData("letter1", "NA")]
    [InlineData("symbol1", "-")]
    [InlineData("character_string1", "-")]
    [InlineData("amount1", "¥0.00")]
    [InlineData("time1", "00:00")]
    [InlineData("date1", "1970年1月1日")]
    [InlineData("phone_number1", "-")]
    [InlineData("car_number1", "未知")]
    public void Empty_input_becomes_a_placeholder_the_rule_accepts(string key, string placeholder)
    {
        foreach (var empty in new[] { null, "", "  \n\t\u3000 " })
        {
            Assert.Equal(placeholder, SubscribeValueFormatter.Format(key, empty));
        }

        Assert.True(SubscribeValueRules.IsValid(key, placeholder));
    }

    // ---- end to end through the real client and the simulator ----

    [Fact]
    public async Task Odd_input_that_WeChat_would_reject_is_delivered_once_formatted()
    {
        await using var host = await StartWithEveryTypeTemplateAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, EveryTypeTemplate, 1);
        var raw = new Dictionary<string, string?>
        {
            ["thing1"] = "关于2026年度全市职工职业技能竞赛报名工作的通知\n请于本周五前提交 👨‍👩‍👧",
            ["number2"] = "共 1,234.50 人",
            ["letter3"] = "Grade A+ (优秀)",
            ["symbol4"] = "★★★★★★ 五星",
            ["character_string5"] = "申请编号 ＳＱ-2025-0001（加急）",
            ["time6"] = "2026-11-21T02:05:00Z",
            ["date7"] = "2026-11-21T18:30:00+00:00",
            ["amount8"] = "1,200.5",
            ["phone_number9"] = "+86 (0871) 6331-1234 转 5678",
            ["car_number10"] = "云a·12345 学",
            ["name11"] = "阿卜杜拉·买买提·艾力江·2号",
            ["phrase12"] = "审核已经通过了！",
            ["enum13"] = "",
        };

        var rejected = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(
            new SubscribeMessage(openId, EveryTypeTemplate, raw.ToDictionary(kv => kv.Key, kv => kv.Value ?? ""))));
        Assert.Equal(WeChatErrorCodes.InvalidArgument, rejected.ErrCode);

        var formatted = SubscribeValueFormatter.FormatAll(raw);
        await host.Client.SendSubscribeMessageAsync(new SubscribeMessage(openId, EveryTypeTemplate, formatted));

        var data = Assert.Single(await host.Dev.MessagesAsync(openId)).GetProperty("data");
        Assert.Equal(EveryTypeKeys, formatted.Keys);
        Assert.All(formatted, kv => Assert.Equal(kv.Value, data.GetProperty(kv.Key).GetString()));
        Assert.Equal("2026年11月21日 10:05", formatted["time6"]);
        Assert.Equal("2026年11月22日", formatted["date7"]);
        Assert.Equal("¥1200.50", formatted["amount8"]);
    }

    [Fact]
    public async Task Random_odd_input_formatted_for_every_keyword_type_is_always_delivered()
    {
        const int messages = 100;
        await using var host = await StartWithEveryTypeTemplateAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, EveryTypeTemplate, messages);
        var rng = new Random(47003);

        for (var i = 0; i < messages; i++)
        {
            var raw = EveryTypeKeys.ToDictionary(k => k, string? (_) => RandomInput(rng));
            var message = new SubscribeMessage(openId, EveryTypeTemplate, SubscribeValueFormatter.FormatAll(raw));

            var error = await Record.ExceptionAsync(() => host.Client.SendSubscribeMessageAsync(message));

            Assert.True(error is null, $"{error?.Message}\n{string.Join('\n', raw.Select(kv => $"{kv.Key}: {Show(kv.Value)} → {Show(message.Data[kv.Key])}"))}");
        }

        Assert.Equal(messages, (await host.Dev.MessagesAsync(openId)).Length);
    }

    // ---- readable cuts ----

    [Fact]
    public void Thing_of_a_30_character_sentence_keeps_the_first_19_and_an_ellipsis()
    {
        const string sentence = "全市职工职业技能竞赛报名工作将于下周一上午九点在市工人文化宫";
        Assert.Equal(30, sentence.Length);

        Assert.Equal("全市职工职业技能竞赛报名工作将于下周一…", SubscribeValueFormatter.Format("thing1", sentence));
    }

    [Theory]
    [InlineData("工会春季职工运动会")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十")]
    [InlineData("运动会报名 🏃")]
    [InlineData("Sports day, 2025!")]
    public void Thing_within_the_limit_is_unchanged(string value)
    {
        Assert.Equal(value, SubscribeValueFormatter.Format("thing1", value));
    }

    [Fact]
    public void Thing_cut_counts_code_points_and_never_splits_a_surrogate_pair()
    {
        var value = "a" + string.Concat(Enumerable.Repeat("𠮷", 25));

        var formatted = SubscribeValueFormatter.Format("thing1", value);

        Assert.Equal("a" + string.Concat(Enumerable.Repeat("𠮷", 18)) + "…", formatted);
        Assert.True(IsWellFormedUtf16(formatted));
    }

    [Fact]
    public void Thing_cut_keeps_an_emoji_sequence_whole_or_drops_it_whole()
    {
        const string family = "👨‍👩‍👧"; // five code points
        var value = "一二三四五六七八九十一二三四五六七" + family + "完";

        Assert.Equal("一二三四五六七八九十一二三四五六七…", SubscribeValueFormatter.Format("thing1", value));
        Assert.Equal("一二" + family + "完", SubscribeValueFormatter.Format("thing1", "一二" + family + "完"));
    }

    [Theory]
    [InlineData("第一行\r\n第二行", "第一行 第二行")]
    [InlineData("  前后空白\t ", "前后空白")]
    [InlineData("看不见的\u200B字符\u202E", "看不见的字符")]
    [InlineData("报名时间：下周一上午，地点：工人文化，请准时参加", "报名时间：下周一上午，地点：工人文化…")]
    public void Thing_drops_line_breaks_and_invisible_characters_and_no_separator_precedes_the_ellipsis(string value, string expected)
    {
        Assert.Equal(expected, SubscribeValueFormatter.Format("thing1", value));
    }

    [Theory]
    [InlineData("已通过审核", "已通过审核")]
    [InlineData("审核已经通过了", "审核已经通")]
    [InlineData("审核：通过!", "审核通过")]
    [InlineData("OK", "通知")]
    public void Phrase_keeps_at_most_five_cjk_characters(string value, string expected)
    {
        Assert.Equal(expected, SubscribeValueFormatter.Format("phrase2", value));
    }

    [Theory]
    [InlineData("2026-11-21T02:05:00Z", "2026年11月21日 10:05")]
    [InlineData("2026-11-21T18:30:45.123+00:00", "2026年11月22日 02:30")]
    [InlineData("2026-11-21T10:05:00+08:00", "2026年11月21日 10:05")]
    [InlineData("2026-11-21T10:05", "2026年11月21日 10:05")]
    [InlineData("2026-11-21 10:05:30", "2026年11月21日 10:05")]
    [InlineData("2026年11月21日 10:05", "2026年11月21日 10:05")]
    [InlineData("2026/11/21（周六）9:30", "2026年11月21日 09:30")]
    [InlineData("15:01", "15:01")]
    [InlineData("2026-11-21", "2026年11月21日 00:00")]
    [InlineData("2026-11-21 09:30 ~ 11:30", "2026年11月21日 09:30~11:30")]
    [InlineData("原定 25:00 有误，改为 2026年11月21日 10:30", "2026年11月21日 10:30")]
    [InlineData("明天上午", "00:00")]
    public void Time_is_rendered_in_china_time(string value, string expected)
    {
        Assert.Equal(expected, SubscribeValueFormatter.Format("time3", value));
    }

    [Theory]
    [InlineData("2026-11-21", "2026年11月21日")]
    [InlineData("2026-11-21T18:30:00Z", "2026年11月22日")]
    [InlineData("2026年3月8日 ~ 2026年3月10日", "2026年3月8日~2026年3月10日")]
    [InlineData("2025-02-30", "1970年1月1日")]
    public void Date_is_rendered_in_china_time(string value, string expected)
    {
        Assert.Equal(expected, SubscribeValueFormatter.Format("date4", value));
    }

    [Fact]
    public void Timestamps_are_rendered_in_china_time()
    {
        var utc = new DateTime(2026, 11, 21, 18, 30, 0, DateTimeKind.Utc);
        var tokyo = new DateTimeOffset(2026, 11, 22, 3, 30, 0, TimeSpan.FromHours(9));

        Assert.Equal("2026年11月22日 02:30", SubscribeValueFormatter.FormatTime(utc));
        Assert.Equal("2026年11月22日 02:30", SubscribeValueFormatter.FormatTime(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));
        Assert.Equal("2026年11月22日 02:30", SubscribeValueFormatter.FormatTime(tokyo));
        Assert.Equal("2026年11月22日", SubscribeValueFormatter.FormatDate(utc));
        Assert.Equal("2026年11月22日", SubscribeValueFormatter.FormatDate(tokyo));
        Assert.Equal("2026年11月22日", SubscribeValueFormatter.FormatDate(new DateOnly(2026, 11, 22)));
        Assert.Equal("2026年11月22日 02:30", SubscribeValueFormatter.Format("time2", utc));
        Assert.Equal("2026年11月22日", SubscribeValueFormatter.Format("date3", tokyo));
        Assert.Equal("2026年11月22日 02:30", SubscribeValueFormatter.Format("thing1", tokyo));
        Assert.Throws<ArgumentException>(() => SubscribeValueFormatter.Format("number1", utc));
    }

    [Theory]
    [InlineData("amount1", "700", "¥700.00")]
    [InlineData("amount1", "700.5", "¥700.50")]
    [InlineData("amount1", "1,234.567", "¥1234.57")]
    [InlineData("amount1", "¥1200.00", "¥1200.00")]
    [InlineData("amount1", "700元", "700元")]
    [InlineData("amount1", "共 86.5 元", "86.50元")]
    [InlineData("amount1", "$ 12", "$12.00")]
    [InlineData("amount1", "123456789012", "¥9999999999.99")]
    [InlineData("amount1", "9999999999.999", "¥9999999999.99")]
    [InlineData("amount1", "0.005", "¥0.01")]
    [InlineData("number1", "共 1,234.50 人", "1234.50")]
    [InlineData("number1", "-３.5度", "-3.5")]
    [InlineData("number1", "1234567890123456789012345678901234567890", "12345678901234567890123456789012")]
    [InlineData("number1", "12345678901234567890.12345678901234567890", "12345678901234567890.12345678901")]
    [InlineData("letter1", "Grade A+ (优秀)", "GradeA")]
    [InlineData("letter1", "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ", "abcdefghijklmnopqrstuvwxyzABCDEF")]
    [InlineData("symbol1", "★★★★★★ 五星", "★★★★★")]
    [InlineData("character_string1", "申请编号 ＳＱ-2025-0001", "SQ-2025-0001")]
    [InlineData("character_string1", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789ABCDEFGHIJKLMNOPQRSTUV")]
    [InlineData("phone_number1", "(0871) 6331-1234", "(0871)6331-1234")]
    [InlineData("phone_number1", "+86 (0871) 6331-1234", "+86087163311234")]
    [InlineData("phone_number1", "+86 (0871) 6331-1234 转 5678", "+8608716331123456")]
    [InlineData("car_number1", "云a·12345", "云A12345")]
    [InlineData("car_number1", "云A 1234 学", "云A1234学")]
    [InlineData("name1", "张三1号", "张三号")]
    [InlineData("name1", "阿卜杜拉·买买提·艾力江·木沙", "阿卜杜拉·买买提·艾")]
    [InlineData("name1", "Alexander Maximilian Smith", "Alexander Maximilian")]
    public void Values_are_cleaned_and_cut_into_the_form_their_type_accepts(string key, string value, string expected)
    {
        Assert.Equal(expected, SubscribeValueFormatter.Format(key, value));
        Assert.True(SubscribeValueRules.IsValid(key, expected));
    }

    [Fact]
    public void FormatAll_formats_each_value_under_its_key()
    {
        var formatted = SubscribeValueFormatter.FormatAll(new Dictionary<string, string?>
        {
            ["phrase1"] = "已通过审核",
            ["amount2"] = "700",
            ["thing3"] = null,
        });

        Assert.Equal(new Dictionary<string, string> { ["phrase1"] = "已通过审核", ["amount2"] = "¥700.00", ["thing3"] = "无" }, formatted);
    }

    [Theory]
    [InlineData("title1")]
    [InlineData("Thing1")]
    [InlineData("12")]
    [InlineData(" ")]
    public void Key_that_is_not_a_keyword_type_is_refused(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => SubscribeValueFormatter.Format(key, "值"));
    }

    // ---- helpers ----

    private static async Task<SimulatorHost> StartWithEveryTypeTemplateAsync() =>
        await SimulatorHost.StartAsync(EveryTypeKeys
            .Select((key, i) => KeyValuePair.Create($"WeChat:Simulator:Templates:{EveryTypeTemplate}:{i}", (string?)key))
            .ToDictionary());

    /// <summary>0–60 code points mixing CJK (BMP and beyond), emoji (with ZWJ sequences, modifiers and flags),
    /// ASCII letters, digits and punctuation, CJK punctuation, white space and control characters, full-width and
    /// other-script digits, lone surrogates, long digit and letter runs, and date, time and amount fragments (valid and not).</summary>
    private static string RandomInput(Random rng)
    {
        var target = rng.Next(0, 61);
        var sb = new StringBuilder();
        var length = 0;
        while (length < target)
        {
            var atom = Atom(rng);
            var n = CodePoints(atom);
            if (length + n > target)
            {
                atom = char.ConvertFromUtf32(rng.Next(0x4E00, 0xA000));
                n = 1;
            }

            sb.Append(atom);
            length += n;
        }

        return sb.ToString();
    }

    private static string Atom(Random rng)
    {
        const string asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        const string cjkPunctuation = "，。、！？：；“”‘’《》（）【】…—·～";
        const string markers = "¥￥$€£元年月日时分~至T Z:.+-";
        string[] emoji = ["👨‍👩‍👧", "👍🏽", "🇨🇳", "❤️", "🏃‍♀️", "1️⃣"];
        string[] whitespace = [" ", "\t", "\n", "\r\n", "\u3000", "\u00A0", "\u2028"];
        string[] invisible = ["\0", "\u001B", "\u007F", "\u0085", "\u200B", "\u200D", "\u202E", "\uFEFF", "\u0301", "\uDB40\uDC41"];
        string[] otherDigits = ["０", "９", "Ａ", "ｚ", "－", "٣", "७", "Ⅷ", "①"];
        string[] lone = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

        return rng.Next(20) switch
        {
            0 or 1 or 2 => char.ConvertFromUtf32(rng.Next(0x4E00, 0xA000)),
            3 => char.ConvertFromUtf32(rng.Next(0x3400, 0x4DC0)),
            4 => rng.Next(3) == 0 ? "𠮷" : char.ConvertFromUtf32(rng.Next(0x20000, 0x2A6E0)),
            5 => rng.Next(2) == 0 ? emoji[rng.Next(emoji.Length)] : char.ConvertFromUtf32(rng.Next(0x1F300, 0x1F650)),
            6 or 7 => ((char)(rng.Next(2) == 0 ? rng.Next('a', 'z' + 1) : rng.Next('A', 'Z' + 1))).ToString(),
            8 or 9 => ((char)rng.Next('0', '9' + 1)).ToString(),
            10 => asciiPunctuation[rng.Next(asciiPunctuation.Length)].ToString(),
            11 => cjkPunctuation[rng.Next(cjkPunctuation.Length)].ToString(),
            12 => whitespace[rng.Next(whitespace.Length)],
            13 => invisible[rng.Next(invisible.Length)],
            14 => otherDigits[rng.Next(otherDigits.Length)],
            15 => lone[rng.Next(lone.Length)],
            16 => markers[rng.Next(markers.Length)].ToString(),
            17 => DateFragment(rng),
            18 => TimeFragment(rng),
            _ => rng.Next(4) switch
            {
                3 => rng.Next(2) == 0 ? Run(rng, '0', '9') : Run(rng, 'a', 'z'),
                0 => string.Create(CultureInfo.InvariantCulture, $"{DateFragment(rng)}T{TimeFragment(rng)}{Zone(rng)}"),
                1 => string.Create(CultureInfo.InvariantCulture, $"{"¥￥$€£ "[rng.Next(6)]}{rng.NextInt64(0, 100_000_000_000_000)}.{rng.Next(0, 1000)}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{DateFragment(rng)} {TimeFragment(rng)} ~ {TimeFragment(rng)}"),
            },
        };
    }

    private static string Run(Random rng, char first, char last) =>
        string.Concat(Enumerable.Range(0, rng.Next(20, 46)).Select(_ => (char)rng.Next(first, last + 1)));

    // Mostly plausible, sometimes out of range (month 13, 30 February, 24:60, year 0000).
    private static string DateFragment(Random rng)
    {
        var (y, m, d) = (rng.Next(10) == 0 ? rng.Next(0, 10_000) : rng.Next(1990, 2040), rng.Next(0, 14), rng.Next(0, 33));
        return rng.Next(3) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}-{d:00}"),
            1 => string.Create(CultureInfo.InvariantCulture, $"{y}年{m}月{d}日"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{y}/{m}/{d}"),
        };
    }

    private static string TimeFragment(Random rng) => rng.Next(2) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{rng.Next(0, 26):00}:{rng.Next(0, 62):00}")
        : string.Create(CultureInfo.InvariantCulture, $"{rng.Next(0, 26)}:{rng.Next(0, 62):00}:{rng.Next(0, 62):00}");

    private static string Zone(Random rng) => rng.Next(4) switch
    {
        0 => "",
        1 => "Z",
        2 => string.Create(CultureInfo.InvariantCulture, $"+{rng.Next(0, 16):00}:{rng.Next(0, 60):00}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"-{rng.Next(0, 16):00}{rng.Next(0, 60):00}"),
    };

    /// <summary>Code points, with a lone surrogate counted as one.</summary>
    private static int CodePoints(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++, n++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
        }

        return n;
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Show(string? s) => s is null
        ? "null"
        : "\"" + string.Concat(s.Select(c => c < 0x20 || c is '\u007F' or '\u0085' || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format
            ? $"\\u{(int)c:X4}"
            : c.ToString())) + "\"";
}
