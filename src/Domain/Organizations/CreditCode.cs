namespace Changai.Domain.Organizations;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters — registration department (1), organisation category (1), region
/// (6), organisation code (9), check character (1) — over the 31-character alphabet without I, O, Z, S, V. A union's code
/// is issued by the trade-union registration department, <c>8</c>, with category <c>1</c> for a 基层工会 and <c>9</c> for
/// the others (地方总工会 and the like).
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    public const char UnionDepartment = '8';
    public const char GrassrootsCategory = '1';
    public const char OtherCategory = '9';

    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The check character for the first 17 characters, or null when one of them is outside the alphabet.</summary>
    public static char? CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                return null;
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>What is wrong with the code as a credit code (length, characters, check character), or null when it is sound.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "不能为空";
        }

        if (code.Length != Length)
        {
            return $"应为 {Length} 位（当前 {code.Length} 位）";
        }

        if (code.FirstOrDefault(c => !Alphabet.Contains(c)) is var bad and not '\0')
        {
            return $"含有不允许的字符“{bad}”（只能是数字和除 I、O、Z、S、V 以外的大写字母）";
        }

        return CheckCharacter(code.AsSpan(0, Length - 1)) == code[^1] ? null : "校验码不正确，请核对是否抄错";
    }

    /// <summary>What is wrong with a sound credit code as the code of a union of this kind, or null.</summary>
    public static string? UnionPrefixProblem(string code, UnionKind kind)
    {
        if (code[0] != UnionDepartment)
        {
            return $"工会的统一社会信用代码应以 {UnionDepartment} 开头（工会登记管理部门代码）";
        }

        var expected = ExpectedCategory(kind);
        return code[1] == expected
            ? null
            : $"第 2 位（机构类别）应为 {expected}：{(expected == GrassrootsCategory ? "基层工会为 1" : "基层工会以外的工会为 9")}";
    }

    /// <summary>The category character a union of this kind carries: 1 for a 基层工会, 9 for every other kind.</summary>
    public static char ExpectedCategory(UnionKind kind) => kind == UnionKind.Grassroots ? GrassrootsCategory : OtherCategory;

    /// <summary>Completes 17 characters with their check character (test data, the benchmark's generated tree).</summary>
    public static string Complete(string first17) =>
        first17 + (CheckCharacter(first17) ?? throw new ArgumentException("not 17 characters of the credit-code alphabet", nameof(first17)));
}
