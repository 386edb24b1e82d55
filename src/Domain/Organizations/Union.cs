namespace Changai.Domain.Organizations;

public enum UnionKind
{
    /// <summary>省总工会</summary>
    Province,
    /// <summary>州(市)总工会</summary>
    Prefecture,
    /// <summary>县(市、区)总工会</summary>
    County,
    /// <summary>基层工会 (an enterprise's union)</summary>
    Grassroots,
    /// <summary>区域性工会 (a regional union that takes workers whose employer has none, e.g. 新就业形态)</summary>
    Regional,
    /// <summary>行业工会</summary>
    Industry,
}

/// <summary>
/// A node of the union tree. <see cref="Path"/> is the materialised path of codes (<c>/53/5301/530102/</c>), so
/// "this officer's subtree" is one indexed prefix match.
/// </summary>
public sealed class Union
{
    public Guid Id { get; init; }

    /// <summary>Unique and stable: <c>53</c>, <c>5301</c>, <c>530102</c>, <c>530102001</c>.</summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    public UnionKind Kind { get; init; }

    public Guid? ParentId { get; init; }

    public required string Path { get; init; }

    public int Depth { get; init; }

    /// <summary>GB/T 2260 code of the place it serves (6 digits).</summary>
    public required string RegionCode { get; init; }

    /// <summary>GB/T 2260 prefecture code (4 digits, <c>5301</c> for 昆明); <c>53</c> for the province itself.</summary>
    public required string PrefectureCode { get; init; }

    public bool AcceptsMembers { get; set; }

    public string? Address { get; set; }

    public string? Description { get; set; }

    /// <summary>Next sequence for membership numbers issued by this union.</summary>
    public int NextMemberSequence { get; set; } = 1;

    public DateTime CreatedAt { get; init; }

    public static string ChildPath(string parentPath, string code) => parentPath + code + "/";

    public bool Contains(Union other) => other.Path.StartsWith(Path, StringComparison.Ordinal);

    /// <summary>Which join channel this union serves: enterprise unions take their employees, regional/industry unions take the rest.</summary>
    public bool Serves(JoinChannel channel) => channel switch
    {
        JoinChannel.EmployerUnion => Kind == UnionKind.Grassroots,
        JoinChannel.RegionalUnion => Kind is UnionKind.Regional or UnionKind.Industry,
        _ => false,
    };
}

public enum JoinChannel
{
    /// <summary>通过所在单位工会入会</summary>
    EmployerUnion,
    /// <summary>单位未建会：通过区域性/行业工会入会</summary>
    RegionalUnion,
}
