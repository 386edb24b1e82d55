using System.Text;

namespace Changai.Domain.Profiles;

/// <summary>
/// What a real name (姓名) on a resident ID card may hold. Chinese names use characters from every CJK Unified Ideographs
/// block GB 18030-2022 covers — 刘䶮 (extension A), 王𠀀 (extension B) — and 〇; names of ethnic minorities join their
/// parts with the middle dot (阿苏·木呷). Read by <see cref="Rune"/>, so a character outside the Basic Multilingual Plane is
/// one character, not two halves.
/// </summary>
public static class PersonName
{
    public const int MinCharacters = 2;
    public const int MaxCharacters = 30;

    public const string Rule = "姓名只能包含汉字（含生僻字）、〇、字母和间隔号“·”，间隔号只能在两部分之间";

    /// <summary>
    /// U+00B7 is the separator on ID cards; U+2022 and U+30FB are what input methods often give for it, and are accepted
    /// as the same mark rather than turning the worker away.
    /// </summary>
    public static bool IsSeparator(Rune r) => r.Value is 0x00B7 or 0x2022 or 0x30FB;

    public static bool IsIdeograph(Rune r) => r.Value switch
    {
        0x3007 => true,                       // 〇
        >= 0x3400 and <= 0x4DBF => true,      // extension A
        >= 0x4E00 and <= 0x9FFF => true,      // the basic block
        >= 0xF900 and <= 0xFAFF => true,      // compatibility ideographs (some are names' characters)
        >= 0x20000 and <= 0x2A6DF => true,    // extension B
        >= 0x2A700 and <= 0x2EE5F => true,    // extensions C, D, E, F, I
        >= 0x2F800 and <= 0x2FA1F => true,    // compatibility supplement
        >= 0x30000 and <= 0x323AF => true,    // extensions G, H
        _ => false,
    };

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var count = 0;
        var previousWasSeparatorOrSpace = true; // nothing before the first part
        foreach (var r in name.EnumerateRunes())
        {
            count++;
            if (IsSeparator(r) || r.Value == ' ')
            {
                if (previousWasSeparatorOrSpace)
                {
                    return false;
                }

                previousWasSeparatorOrSpace = true;
            }
            else if (IsIdeograph(r) || r.IsAscii && char.IsAsciiLetter((char)r.Value))
            {
                previousWasSeparatorOrSpace = false;
            }
            else
            {
                return false;
            }
        }

        // EnumerateRunes yields U+FFFD for a lone surrogate, which is refused above.
        return !previousWasSeparatorOrSpace && count is >= MinCharacters and <= MaxCharacters;
    }
}
