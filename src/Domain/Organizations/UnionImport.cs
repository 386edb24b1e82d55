namespace Changai.Domain.Organizations;

public enum UnionImportAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>What importing one row does (or would do).</summary>
public sealed record UnionImportItem(int Row, string CreditCode, string Name, string ParentName, UnionImportAction Action);

/// <summary>
/// The tree rules of a union import, over the rows whose cells are each well-formed (<see cref="UnionSheet"/>) and the
/// unions already inside the importing officer's subtree: a row matches an existing union by its credit code (then it
/// updates it), otherwise it creates one; every parent is found in the file or in the subtree; regions nest inside the
/// parent's and the officer's; no credit code twice, no two unions of one name under one parent, no cycle. Plain
/// in-memory work, so the same plan serves the dry run and the import, and is unit-tested without a database.
/// </summary>
public sealed class UnionImport
{
    private readonly List<SheetError> errors;
    private readonly List<Planned> planned = [];
    private readonly Union scopeRoot;

    private sealed class Planned(UnionSheetRow row)
    {
        public UnionSheetRow Row { get; } = row;
        public Union? Existing { get; set; }
        public Union? ParentUnion { get; set; }
        public Planned? ParentRow { get; set; }
        public UnionImportAction Action { get; set; }
        public Union? Created { get; set; }

        public string ParentRegion => ParentUnion?.RegionCode ?? ParentRow!.Row.RegionCode;
        public string ParentName => ParentUnion?.Name ?? ParentRow!.Row.Name;
    }

    public IReadOnlyList<SheetError> Errors => errors;

    public IReadOnlyList<UnionImportItem> Items => planned
        .Select(p => new UnionImportItem(p.Row.Row, p.Row.CreditCode, p.Row.Name, p.ParentUnion is null && p.ParentRow is null ? "" : p.ParentName, p.Action))
        .ToList();

    public int Count(UnionImportAction action) => planned.Count(p => p.Action == action);

    /// <param name="scopeRoot">The importing officer's union: everything imported goes beneath it.</param>
    /// <param name="subtree">The unions inside the officer's subtree (the root included).</param>
    /// <param name="creditCodesElsewhere">Credit codes of the file already held by unions outside the subtree.</param>
    public UnionImport(
        IReadOnlyList<UnionSheetRow> rows, IEnumerable<SheetError> cellErrors, Union scopeRoot, IReadOnlyCollection<Union> subtree,
        IReadOnlySet<string> creditCodesElsewhere)
    {
        this.scopeRoot = scopeRoot;
        errors = [.. cellErrors];
        var byCreditCode = subtree.Where(u => u.CreditCode is not null).ToDictionary(u => u.CreditCode!, StringComparer.Ordinal);
        var byCode = subtree.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var byName = subtree.Where(u => !u.IsClosed).ToLookup(u => u.Name, StringComparer.Ordinal);
        var scopePrefix = Union.RegionPrefix(scopeRoot.RegionCode);

        // Pass 1: each row on its own, and the credit codes of the file.
        var fileByCode = new Dictionary<string, Planned>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            void Error(string column, string message) => errors.Add(new SheetError(row.Row, column, message));
            if (fileByCode.TryGetValue(row.CreditCode, out var first))
            {
                Error(UnionSheet.CreditCodeColumn, $"{row.CreditCode} 与第 {first.Row.Row} 行重复");
                continue;
            }

            if (creditCodesElsewhere.Contains(row.CreditCode))
            {
                Error(UnionSheet.CreditCodeColumn, $"代码为 {row.CreditCode} 的工会已在系统中，但不在您的管辖范围内");
                continue;
            }

            var item = new Planned(row) { Existing = byCreditCode.GetValueOrDefault(row.CreditCode) };
            if (item.Existing?.Id == scopeRoot.Id)
            {
                Error(UnionSheet.CreditCodeColumn, "这是您本人所在的工会，不能通过导入修改，请由上级工会办理");
                continue;
            }

            if (item.Existing is { IsClosed: true })
            {
                Error(UnionSheet.CreditCodeColumn, $"代码为 {row.CreditCode} 的工会“{item.Existing.Name}”已撤销，不能通过导入修改");
                continue;
            }

            if (!row.RegionCode.StartsWith(scopePrefix, StringComparison.Ordinal))
            {
                Error(UnionSheet.Region, $"{row.RegionCode} 不在您所在工会（{scopeRoot.Name}，{scopeRoot.RegionCode}）的地区范围内");
            }

            fileByCode[row.CreditCode] = item;
            planned.Add(item);
        }

        var fileByName = planned.ToLookup(p => p.Row.Name, StringComparer.Ordinal);

        // Pass 2: parents. A reference is tried as a credit code (file, then subtree), as a union code, then as a name.
        foreach (var item in planned)
        {
            var row = item.Row;
            void Error(string column, string message) => errors.Add(new SheetError(row.Row, column, message));
            var reference = row.Parent.ToUpperInvariant();
            if (fileByCode.TryGetValue(reference, out var parentRow))
            {
                item.ParentRow = parentRow;
            }
            else if (byCreditCode.TryGetValue(reference, out var parent) || byCode.TryGetValue(row.Parent, out parent))
            {
                item.ParentUnion = parent;
            }
            else if (fileByName[row.Parent].ToList() is { Count: > 0 } named)
            {
                if (named.Count > 1)
                {
                    Error(UnionSheet.Parent, $"本文件中有 {named.Count} 个名为“{row.Parent}”的工会（第 {string.Join("、", named.Select(n => n.Row.Row))} 行），请改填上级工会的统一社会信用代码");
                    continue;
                }

                item.ParentRow = named[0];
            }
            else if (byName[row.Parent].ToList() is { Count: > 0 } existing)
            {
                if (existing.Count > 1)
                {
                    Error(UnionSheet.Parent, $"您管辖范围内有 {existing.Count} 个名为“{row.Parent}”的工会，请改填上级工会的代码");
                    continue;
                }

                item.ParentUnion = existing[0];
            }
            else
            {
                Error(UnionSheet.Parent, $"未找到上级工会“{row.Parent}”：上级工会须在本文件中，或已在您管辖的工会中");
                continue;
            }

            if (item.ParentUnion is { IsClosed: true } closedParent)
            {
                Error(UnionSheet.Parent, $"上级工会“{closedParent.Name}”已撤销，不能再添加下级工会");
                item.ParentUnion = null;
                continue;
            }

            if (item.ParentRow == item)
            {
                Error(UnionSheet.Parent, "上级工会不能是本工会自己");
                item.ParentRow = null;
                continue;
            }

            if (item.Existing is { } current && (item.ParentUnion?.Id ?? item.ParentRow?.Existing?.Id) != current.ParentId)
            {
                Error(UnionSheet.Parent, "与系统中该工会现有的上级工会不同；调整上级工会请在工会组织树中操作");
                continue;
            }

            var parentPrefix = Union.RegionPrefix(item.ParentRegion);
            if (!row.RegionCode.StartsWith(parentPrefix, StringComparison.Ordinal))
            {
                Error(UnionSheet.Region, $"{row.RegionCode} 不在上级工会（{item.ParentName}，{item.ParentRegion}）的地区范围内");
            }
        }

        FindCycles();
        FindDuplicateNames(subtree);
        foreach (var item in planned)
        {
            item.Action = item.Existing is null ? UnionImportAction.Create : Differs(item) ? UnionImportAction.Update : UnionImportAction.Unchanged;
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
    }

    private void FindCycles()
    {
        var reported = new HashSet<Planned>();
        foreach (var start in planned)
        {
            var seen = new List<Planned>();
            for (var at = start; at?.ParentRow is { } next; at = next)
            {
                seen.Add(at);
                var loop = seen.IndexOf(next);
                if (loop < 0)
                {
                    continue;
                }

                var cycle = seen.Skip(loop).ToList();
                if (cycle.Any(reported.Add))
                {
                    var rows = string.Join(" → ", cycle.Append(cycle[0]).Select(c => $"第 {c.Row.Row} 行"));
                    foreach (var member in cycle)
                    {
                        errors.Add(new SheetError(member.Row.Row, UnionSheet.Parent, $"上级关系形成循环：{rows}"));
                    }
                }

                foreach (var member in cycle)
                {
                    member.ParentRow = null; // so nothing below loops over it again
                }

                break;
            }
        }
    }

    private void FindDuplicateNames(IReadOnlyCollection<Union> subtree)
    {
        var claimed = new Dictionary<(object Parent, string Name), Planned>();
        foreach (var item in planned.Where(p => p.ParentUnion is not null || p.ParentRow is not null))
        {
            object parent = (object?)item.ParentUnion?.Id ?? item.ParentRow!.Existing?.Id ?? (object)item.ParentRow!;
            if (!claimed.TryAdd((parent, item.Row.Name), item))
            {
                errors.Add(new SheetError(item.Row.Row, UnionSheet.Name, $"同一上级工会下已有同名工会（第 {claimed[(parent, item.Row.Name)].Row.Row} 行）"));
            }
        }

        var renamed = planned.Where(p => p.Existing is not null).Select(p => p.Existing!.Id).ToHashSet();
        foreach (var union in subtree.Where(u => u.ParentId is not null && !u.IsClosed && !renamed.Contains(u.Id)))
        {
            if (claimed.TryGetValue((union.ParentId!.Value, union.Name), out var item) && item.Existing?.Id != union.Id)
            {
                errors.Add(new SheetError(item.Row.Row, UnionSheet.Name, $"上级工会下已有同名工会“{union.Name}”（代码 {union.Code}）"));
            }
        }
    }

    private static bool Differs(Planned item)
    {
        var (u, r) = (item.Existing!, item.Row);
        return u.Name != r.Name || u.Kind != r.Kind || u.RegionCode != r.RegionCode || u.OrganizationName != r.OrganizationName
            || u.IndustrySection != r.IndustrySection || u.FoundedOn != r.FoundedOn || u.ContactName != r.ContactName || u.ContactPhone != r.ContactPhone;
    }

    /// <summary>
    /// Carries the plan out on the entities: the new unions, parents before children, with their codes and paths; the changed
    /// unions updated in place. Only for a plan without errors.
    /// </summary>
    public (IReadOnlyList<Union> Created, IReadOnlyList<Union> Updated) Apply(DateTime now)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("a union import with errors cannot be applied");
        }

        var created = new List<Union>();
        var updated = new List<Union>();
        foreach (var item in planned.Where(p => p.Action == UnionImportAction.Update))
        {
            Fill(item.Existing!, item.Row);
            updated.Add(item.Existing!);
        }

        Union Create(Planned item)
        {
            if ((item.Existing ?? item.Created) is { } known)
            {
                return known;
            }

            var parent = item.ParentUnion ?? Create(item.ParentRow!);
            var union = new Union
            {
                Id = Guid.CreateVersion7(), Code = item.Row.CreditCode, Name = item.Row.Name, Kind = item.Row.Kind, ParentId = parent.Id,
                Path = Union.ChildPath(parent.Path, item.Row.CreditCode), Depth = parent.Depth + 1,
                RegionCode = item.Row.RegionCode, PrefectureCode = Union.PrefectureOf(item.Row.RegionCode), CreatedAt = now,
            };
            Fill(union, item.Row);
            item.Created = union;
            created.Add(union);
            return union;
        }

        foreach (var item in planned.Where(p => p.Action == UnionImportAction.Create))
        {
            Create(item);
        }

        return (created, updated);
    }

    private static void Fill(Union union, UnionSheetRow row)
    {
        union.Name = row.Name;
        union.Kind = row.Kind;
        union.RegionCode = row.RegionCode;
        union.PrefectureCode = Union.PrefectureOf(row.RegionCode);
        union.AcceptsMembers = Union.KindAcceptsMembers(row.Kind);
        union.CreditCode = row.CreditCode;
        union.OrganizationName = row.OrganizationName;
        union.IndustrySection = row.IndustrySection;
        union.FoundedOn = row.FoundedOn;
        union.ContactName = row.ContactName;
        union.ContactPhone = row.ContactPhone;
    }
}
