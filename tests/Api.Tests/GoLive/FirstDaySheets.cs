using System.Globalization;
using System.Net.Http.Headers;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;

namespace Changai.Api.Tests.GoLive;

/// <summary>A union of the generated tree, as the test needs to find it again.</summary>
public sealed record SheetUnion(string CreditCode, string Name, string RegionCode);

/// <summary>A row of the generated member roster.</summary>
public sealed record SheetMember(string Name, string IdNumber, string Phone, SheetUnion Union, string JoinedOn, string ExternalNumber);

/// <summary>
/// The files a provincial union office brings on the first day, generated in memory: the union tree (云南省总工会 → the 16
/// 州(市)总工会 → a 县级总工会 for each of the 129 county-level divisions → enterprise unions under each county), officer
/// accounts and the member roster — with real place names, credit codes carrying their GB 32100 check character and ID
/// numbers their GB 11643 check character. Deterministic, so a failure can be reproduced.
/// </summary>
public sealed class FirstDaySheets
{
    public const int GrassrootsPerCounty = 15;

    private static readonly string[] Brands = ["云岭", "滇中", "金沙江", "红土地", "彩云", "高原", "南盘江", "乌蒙", "哀牢山", "澜沧江", "苍山", "抚仙湖", "石林", "普洱茶", "玉龙"];

    private static readonly (string Trade, string Section)[] Trades =
    [
        ("建材", "C"), ("机械制造", "C"), ("烟草物流", "G"), ("水电开发", "D"), ("矿业", "B"), ("食品加工", "C"), ("交通运输", "G"),
        ("电力安装", "E"), ("化工", "C"), ("建筑工程", "E"), ("茶业", "A"), ("药业", "C"), ("冶金", "C"), ("物流", "G"), ("纺织", "C"),
    ];

    private static readonly string[] Surnames = ["李", "王", "张", "刘", "杨", "赵", "陈", "段", "普", "杞", "和", "罗", "字", "李", "周", "马", "施", "尹"];

    private static readonly string[] GivenNames = ["秀兰", "建国", "春梅", "志强", "玉芬", "海龙", "丽华", "文斌", "永福", "金花", "云飞", "国庆", "晓燕", "德明", "正荣", "艳萍"];

    private readonly List<IReadOnlyList<string>> unionRows = [UnionSheet.Header];
    private readonly Dictionary<string, SheetUnion> counties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SheetUnion>> grassrootsByCounty = new(StringComparer.Ordinal);
    private int sequence;

    public FirstDaySheets()
    {
        foreach (var (prefecture, prefectureName) in YunnanRegions.Prefectures)
        {
            var prefectureUnion = Add(prefectureName + "总工会", UnionKind.Prefecture, prefecture + "00", YunnanRegions.ProvinceCode, "州(市)总工会", "", "", "1950-05-01");
            foreach (var (county, countyName) in YunnanRegions.Counties.Where(c => c.Code.StartsWith(prefecture, StringComparison.Ordinal)))
            {
                var countyUnion = Add(countyName + "总工会", UnionKind.County, county, prefectureUnion.CreditCode, "县级总工会", "", "", "1978-10-01");
                counties[county] = countyUnion;
                var below = grassrootsByCounty[county] = [];
                for (var g = 0; g < GrassrootsPerCounty; g++)
                {
                    var (trade, section) = Trades[g];
                    var company = $"{Short(countyName)}{Brands[(g + int.Parse(county, CultureInfo.InvariantCulture)) % Brands.Length]}{trade}有限公司";
                    below.Add(Add(company + "工会", UnionKind.Grassroots, county, countyUnion.CreditCode, "基层工会", company, section, $"{2000 + g}-06-18"));
                }
            }
        }
    }

    /// <summary>Every union of the file (云南省总工会 itself comes from the bootstrap command, not from the file).</summary>
    public int UnionCount => unionRows.Count - 1;

    public SheetUnion County(string regionCode) => counties[regionCode];

    public IReadOnlyList<SheetUnion> GrassrootsIn(string countyCode) => grassrootsByCounty[countyCode];

    public IEnumerable<SheetUnion> AllGrassroots => grassrootsByCounty.Values.SelectMany(g => g);

    public MultipartFormDataContent UnionUpload() => Upload(Xlsx.Write("工会", unionRows), "云南省工会组织.xlsx", Xlsx.ContentType);

    /// <summary>Officer accounts: username, the union (by credit code), the permissions by their Chinese names.</summary>
    public static MultipartFormDataContent OfficerUpload(IEnumerable<(string Username, string Name, SheetUnion Union, OfficerPermissions Permissions, string Phone)> officers) =>
        Upload(
            Xlsx.Write("干部账号", [OfficerSheet.Header, .. officers.Select(o => (IReadOnlyList<string>)[o.Username, o.Name, o.Union.CreditCode, OfficerSheet.PermissionsText(o.Permissions), o.Phone])]),
            "干部账号.xlsx", Xlsx.ContentType);

    /// <summary><paramref name="count"/> members spread evenly over every grassroots union, each with a distinct ID number and mobile number.</summary>
    public IReadOnlyList<SheetMember> Members(int count)
    {
        var unions = AllGrassroots.ToList();
        var members = new List<SheetMember>(count);
        for (var i = 0; i < count; i++)
        {
            var union = unions[i % unions.Count];
            // Born 1966–1990: the day from i, the three sequence digits from how many times the days have come round.
            var birth = new DateOnly(1966, 1, 1).AddDays(i % 9000);
            var body = union.RegionCode + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i / 9000).ToString("D3", CultureInfo.InvariantCulture);
            var joined = new DateOnly(2008 + i % 16, 1 + i % 12, 1 + i % 28);
            members.Add(new SheetMember(
                Surnames[i % Surnames.Length] + GivenNames[i / Surnames.Length % GivenNames.Length], body + IdNumbers.Check(body),
                "139" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture), union,
                joined.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"YN-{joined.Year}-{i + 1:D6}"));
        }

        return members;
    }

    /// <summary>The roster as CSV (UTF-8), the way a county office exports it from its old register.</summary>
    public static MultipartFormDataContent MemberUpload(IEnumerable<SheetMember> members) =>
        Upload(
            Csv.Write([MemberSheet.Header, .. members.Select(m => (IReadOnlyList<string>)[m.Name, m.IdNumber, m.Phone, m.Union.CreditCode, m.JoinedOn, m.ExternalNumber])]),
            "存量会员.csv", "text/csv");

    /// <summary>官渡区 → 官渡, 石林彝族自治县 → 石林: how a company's name carries its place.</summary>
    private static string Short(string county) => county.EndsWith("自治县", StringComparison.Ordinal) ? county[..2] : county[..^1];

    private SheetUnion Add(string name, UnionKind kind, string region, string parent, string kindText, string organization, string industry, string founded)
    {
        var code = CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}{region}MA{++sequence:D7}");
        var phone = kind == UnionKind.Grassroots ? "138" + (20_000_000 + sequence).ToString(CultureInfo.InvariantCulture) : $"0871-6{sequence:D7}";
        unionRows.Add([name, code, parent, region, kindText, organization, industry, founded, kind == UnionKind.Grassroots ? "工会主席" : "办公室", phone]);
        return new SheetUnion(code, name, region);
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
