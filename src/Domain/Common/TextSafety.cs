using System.Text;

namespace Changai.Domain.Common;

/// <summary>
/// Characters no text a person types may carry: control characters (NUL and the like, which break logs, exports and
/// C-string consumers) and the invisible bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE makes "gpj.exe" read as
/// "exe.jpg", or reverses a name in an officer's list). Tab, line feed and carriage return stay: notes and reasons have
/// lines. A lone surrogate (a broken character) is refused too.
/// </summary>
public static class TextSafety
{
    public const string Message = "不能包含控制字符或不可见的文字方向控制符，请删除后重新输入";

    public static bool IsForbidden(Rune r) =>
        r.Value switch
        {
            '\t' or '\n' or '\r' => false,
            0x061C or 0x200E or 0x200F => true,        // Arabic letter mark, LRM, RLM
            >= 0x202A and <= 0x202E => true,           // LRE, RLE, PDF, LRO, RLO
            >= 0x2066 and <= 0x2069 => true,           // LRI, RLI, FSI, PDI
            _ => Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.Control,
        };

    /// <summary>Whether <paramref name="text"/> holds a forbidden character or a broken surrogate.</summary>
    public static bool HasForbidden(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != System.Buffers.OperationStatus.Done || IsForbidden(rune))
            {
                return true;
            }

            text = text[used..];
        }

        return false;
    }
}
