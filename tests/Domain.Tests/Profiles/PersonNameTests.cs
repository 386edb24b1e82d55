using Changai.Domain.Common;
using Changai.Domain.Profiles;

namespace Changai.Domain.Tests.Profiles;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("刘䶮")]          // U+4DAE, extension A
    [InlineData("王𠀀")]          // U+20000, extension B (two UTF-16 units)
    [InlineData("李〇")]          // U+3007
    [InlineData("阿苏·木呷")]     // the middle dot of minority names
    [InlineData("阿苏•木呷")]     // U+2022, as some input methods type it
    [InlineData("阿苏・木呷")]     // U+30FB
    [InlineData("张建国")]
    [InlineData("𪚥𫝀")]          // extensions B and D
    [InlineData("赵\U00031350")]  // extension H
    [InlineData("Mary Smith")]
    public void Real_names_are_accepted(string name) => Assert.True(PersonName.IsValid(name), name);

    [Theory]
    [InlineData("张")]             // one character
    [InlineData("𠀀")]             // one character, though two UTF-16 units
    [InlineData("·木呷")]          // the dot only between parts
    [InlineData("阿苏·")]
    [InlineData("阿苏··木呷")]
    [InlineData("张三1")]
    [InlineData("张\u0000三")]
    [InlineData("张\u202E三")]
    [InlineData("张😀")]
    [InlineData("")]
    public void Other_text_is_refused(string name) => Assert.False(PersonName.IsValid(name), name);

    [Fact]
    public void At_most_thirty_characters_counted_by_character_not_by_utf16_unit()
    {
        Assert.True(PersonName.IsValid(string.Concat(Enumerable.Repeat("𠀀", 30))));
        Assert.False(PersonName.IsValid(string.Concat(Enumerable.Repeat("𠀀", 31))));
    }
}

public sealed class TextSafetyTests
{
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("\u202Egpj.exe")]
    [InlineData("x\u2066y")]
    [InlineData("x\u200Fy")]
    [InlineData("x\u001Fy")]
    [InlineData("x\u007Fy")]
    [InlineData("x\u0085y")]
    public void Control_and_direction_characters_are_forbidden(string text) => Assert.True(TextSafety.HasForbidden(text));

    [Fact]
    public void A_lone_surrogate_is_forbidden()
    {
        // Built here: theory data would be re-encoded on the way and lose the broken half.
        Assert.True(TextSafety.HasForbidden("x" + (char)0xDC00));
        Assert.True(TextSafety.HasForbidden((char)0xD800 + "y"));
    }

    [Theory]
    [InlineData("第一行\n第二行\r\n\t缩进")]
    [InlineData("王𠀀 · 〇")]
    [InlineData("👩‍🔧 焊工")]  // a zero-width joiner inside an emoji is a format character that is not a direction control
    [InlineData("")]
    public void Ordinary_text_is_allowed(string text) => Assert.False(TextSafety.HasForbidden(text));
}
