using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Organizations;

/// <summary>A small slice of the Yunnan union tree, built the way the seed data builds it (paths through <see cref="Union.ChildPath"/>).</summary>
internal sealed class UnionTree
{
    public Union Province { get; }
    public Union Kunming { get; }
    public Union Wuhua { get; }
    public Union YunneiPower { get; }
    public Union WuhuaRiders { get; }
    public Union Qujing { get; }
    public Union Qilin { get; }
    public Union QilinFactory { get; }

    public UnionTree()
    {
        Province = Make(null, "53", "云南省总工会", UnionKind.Province, "530000", "53");
        Kunming = Make(Province, "5301", "昆明市总工会", UnionKind.Prefecture, "530100", "5301");
        Wuhua = Make(Kunming, "530102", "五华区总工会", UnionKind.County, "530102", "5301");
        YunneiPower = Make(Wuhua, "530102001", "云内动力工会", UnionKind.Grassroots, "530102", "5301");
        WuhuaRiders = Make(Wuhua, "530102900", "五华区新就业形态联合工会", UnionKind.Regional, "530102", "5301");
        Qujing = Make(Province, "5303", "曲靖市总工会", UnionKind.Prefecture, "530300", "5303");
        Qilin = Make(Qujing, "530302", "麒麟区总工会", UnionKind.County, "530302", "5303");
        QilinFactory = Make(Qilin, "530302001", "麒麟区某厂工会", UnionKind.Grassroots, "530302", "5303");
    }

    public IEnumerable<Union> All => [Province, Kunming, Wuhua, YunneiPower, WuhuaRiders, Qujing, Qilin, QilinFactory];

    public static Union Make(Union? parent, string code, string name, UnionKind kind, string region, string prefecture) => new()
    {
        Id = Guid.NewGuid(),
        Code = code,
        Name = name,
        Kind = kind,
        ParentId = parent?.Id,
        Path = Union.ChildPath(parent?.Path ?? "/", code),
        Depth = parent is null ? 0 : parent.Depth + 1,
        RegionCode = region,
        PrefectureCode = prefecture,
        AcceptsMembers = kind is UnionKind.Grassroots or UnionKind.Regional or UnionKind.Industry,
    };
}
