namespace Changai.Domain.Organizations;

/// <summary>Yunnan's 16 prefecture-level divisions (GB/T 2260), as named in the reform bulletins.</summary>
public static class YunnanRegions
{
    public const string ProvinceCode = "53";

    public static readonly IReadOnlyList<(string Code, string Name)> Prefectures =
    [
        ("5301", "昆明市"), ("5303", "曲靖市"), ("5304", "玉溪市"), ("5305", "保山市"), ("5306", "昭通市"), ("5307", "丽江市"),
        ("5308", "普洱市"), ("5309", "临沧市"), ("5323", "楚雄彝族自治州"), ("5325", "红河哈尼族彝族自治州"),
        ("5326", "文山壮族苗族自治州"), ("5328", "西双版纳傣族自治州"), ("5329", "大理白族自治州"),
        ("5331", "德宏傣族景颇族自治州"), ("5333", "怒江傈僳族自治州"), ("5334", "迪庆藏族自治州"),
    ];

    public static string? PrefectureName(string code) => Prefectures.FirstOrDefault(p => p.Code == code).Name;
}
