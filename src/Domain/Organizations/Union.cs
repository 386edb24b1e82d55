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
    /// <summary>联合工会 (基层工会联合会: the union of several small employers, which their employees join)</summary>
    Joint,
}

/// <summary>
/// A node of the union tree. <see cref="Path"/> is the materialised path of codes (<c>/53/5301/530102/</c>), so
/// "this officer's subtree" is one indexed prefix match.
/// </summary>
public sealed class Union
{
    public Guid Id { get; init; }

    /// <summary>
    /// Unique and stable: <c>53</c>, <c>5301</c>, <c>530102</c>, <c>530102001</c>. A union imported from a sheet takes its
    /// unified social credit code (18 characters) as its code: unique in the country, fixed for the organisation's life.
    /// </summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    public UnionKind Kind { get; set; }

    public Guid? ParentId { get; init; }

    public required string Path { get; init; }

    public int Depth { get; init; }

    /// <summary>GB/T 2260 code of the place it serves (6 digits).</summary>
    public required string RegionCode { get; set; }

    /// <summary>GB/T 2260 prefecture code (4 digits, <c>5301</c> for 昆明); <c>53</c> for the province itself.</summary>
    public required string PrefectureCode { get; set; }

    public bool AcceptsMembers { get; set; }

    public string? Address { get; set; }

    public string? Description { get; set; }

    /// <summary>统一社会信用代码 (GB 32100); imported unions are matched on it when a sheet is imported again.</summary>
    public string? CreditCode { get; set; }

    /// <summary>所在单位名称: the employer (or the place) the union is formed in.</summary>
    public string? OrganizationName { get; set; }

    /// <summary>所属行业: GB/T 4754 section letter (<c>C</c> 制造业).</summary>
    public string? IndustrySection { get; set; }

    /// <summary>建会日期</summary>
    public DateOnly? FoundedOn { get; set; }

    /// <summary>联系人: the union office's contact, as the union publishes it.</summary>
    public string? ContactName { get; set; }

    /// <summary>联系电话 of the union office.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>Next sequence for membership numbers issued by this union.</summary>
    public int NextMemberSequence { get; set; } = 1;

    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// When the union was closed (撤销 or 合并). A closed union keeps its row, path and history; it leaves the union search,
    /// the pickers and the tree, and accepts no one (<see cref="AcceptsMembers"/> is false from then on).
    /// </summary>
    public DateTime? ClosedAt { get; set; }

    public UnionClosure? Closure { get; set; }

    /// <summary>The union its members (and open applications) went to when it closed; null when it had none to hand over.</summary>
    public Guid? MergedIntoId { get; set; }

    public bool IsClosed => ClosedAt is not null;

    /// <summary>Whether workers join this kind of union directly (the federations above them only lead).</summary>
    public static bool KindAcceptsMembers(UnionKind kind) => kind is UnionKind.Grassroots or UnionKind.Joint or UnionKind.Regional or UnionKind.Industry;

    /// <summary>The 4-digit prefecture a 6-digit region belongs to; <c>53</c> for the province itself (<c>530000</c>).</summary>
    public static string PrefectureOf(string regionCode) => regionCode.EndsWith("0000", StringComparison.Ordinal) ? regionCode[..2] : regionCode[..4];

    /// <summary>
    /// The region code without its trailing zero pairs, the prefix every region inside it starts with:
    /// <c>530000</c> → <c>53</c>, <c>530100</c> → <c>5301</c>, <c>530111</c> → <c>530111</c>.
    /// </summary>
    public static string RegionPrefix(string regionCode) =>
        regionCode.EndsWith("0000", StringComparison.Ordinal) ? regionCode[..2] : regionCode.EndsWith("00", StringComparison.Ordinal) ? regionCode[..4] : regionCode;

    public static string ChildPath(string parentPath, string code) => parentPath + code + "/";

    public bool Contains(Union other) => other.Path.StartsWith(Path, StringComparison.Ordinal);

    /// <summary>Which join channel this union serves: enterprise unions take their employees, regional/industry unions take the rest.</summary>
    public bool Serves(JoinChannel channel) => channel switch
    {
        JoinChannel.EmployerUnion => Kind is UnionKind.Grassroots or UnionKind.Joint,
        JoinChannel.RegionalUnion => Kind is UnionKind.Regional or UnionKind.Industry,
        _ => false,
    };
}

public enum UnionClosure
{
    /// <summary>撤销</summary>
    Dissolved,
    /// <summary>合并 into another union</summary>
    Merged,
}

public enum JoinChannel
{
    /// <summary>通过所在单位工会入会</summary>
    EmployerUnion,
    /// <summary>单位未建会：通过区域性/行业工会入会</summary>
    RegionalUnion,
}
