using Changai.Domain.Organizations;

namespace Changai.Domain.Membership;

/// <summary>A union a member row may name: inside the importing officer's subtree.</summary>
public sealed record MemberImportUnion(Guid Id, string Code, string? CreditCode, string Name, bool AcceptsMembers);

/// <summary>What importing one row does (or would do).</summary>
public enum MemberImportAction
{
    Create,
    /// <summary>已在册: the ID number is already an active member of the same union (a re-import), so the row is left alone.</summary>
    Unchanged,
}

/// <summary>
/// The first pass of a member import, fed one row at a time: the union of each row (inside the officer's subtree and taking
/// members), and duplicates inside the file by the keyed hashes of the ID number and phone and by the external number within
/// a union. It keeps only hashes and row numbers (bounded by the row limit), so a 100,000-row file is checked without being
/// held. Duplicates against the register are added after, from the database (<see cref="AddRegistered"/>,
/// <see cref="AddRegisteredPhones"/>). Plain in-memory work, unit-tested without a database.
/// </summary>
public sealed class MemberImportCheck(IReadOnlyDictionary<string, MemberImportUnion> unionsByCode, Func<string, string> hash, int maxErrorsKept = 1000)
{
    private readonly List<SheetError> errors = [];
    private readonly Dictionary<string, Entry> byIdHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Row, string? IdHash)> byPhoneHash = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid Union, string Number), int> byExternal = [];
    private readonly HashSet<string> unchanged = new(StringComparer.Ordinal);

    private sealed record Entry(int Row, Guid UnionId, string PhoneHash);

    /// <summary>The first errors, in row order once <see cref="Finish"/> ran (at most the number kept; <see cref="ErrorCount"/> has them all).</summary>
    public IReadOnlyList<SheetError> Errors => errors;

    public int ErrorCount { get; private set; }

    public int Rows { get; private set; }

    public int Good => byIdHash.Count;

    public int Unchanged => unchanged.Count;

    public int ToCreate => Good - Unchanged;

    /// <summary>The ID-number hashes of the good rows, for looking them up in the register.</summary>
    public IEnumerable<string> IdHashes => byIdHash.Keys;

    public IEnumerable<string> PhoneHashes => byPhoneHash.Keys;

    /// <summary>Whether the good row with this ID-number hash is already in the register (and so is skipped).</summary>
    public bool IsUnchanged(string idHash) => unchanged.Contains(idHash);

    /// <summary>The union a row's code names (by code or by credit code), if it is in scope.</summary>
    public MemberImportUnion? UnionOf(string code) => unionsByCode.GetValueOrDefault(code);

    /// <summary>New members per union, for taking their number sequences.</summary>
    public IReadOnlyDictionary<Guid, int> CreatedPerUnion()
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var (idHash, entry) in byIdHash)
        {
            if (!unchanged.Contains(idHash))
            {
                counts[entry.UnionId] = counts.GetValueOrDefault(entry.UnionId) + 1;
            }
        }

        return counts;
    }

    /// <summary>Checks one line; returns the ID-number and phone hashes of a good row (null for a row with errors).</summary>
    public (string IdHash, string PhoneHash)? Add(MemberSheetLine line)
    {
        Rows++;
        foreach (var error in line.Errors)
        {
            AddError(error);
        }

        if (line.Parsed is not { } row)
        {
            return null;
        }

        var before = ErrorCount;
        void Error(string column, string message) => AddError(new SheetError(row.Row, column, message));
        var union = UnionOf(row.UnionCode);
        if (union is null)
        {
            Error(MemberSheet.Union, $"未找到代码为 {row.UnionCode} 的工会，或该工会不在您的管辖范围内");
        }
        else if (!union.AcceptsMembers)
        {
            Error(MemberSheet.Union, $"“{union.Name}”不直接发展会员，请填写会员所在的基层工会（或区域性、行业工会）的代码");
        }

        var idHash = hash(row.IdNumber);
        var phoneHash = hash(row.Phone);
        if (byIdHash.TryGetValue(idHash, out var first))
        {
            Error(MemberSheet.IdNumberColumn, $"与第 {first.Row} 行的身份证号重复");
        }

        if (byPhoneHash.TryGetValue(phoneHash, out var firstPhone))
        {
            Error(MemberSheet.Phone, $"与第 {firstPhone.Row} 行的手机号重复（一个手机号只能登记一名会员）");
        }

        if (union is not null && row.ExternalNumber is { } external && !byExternal.TryAdd((union.Id, external), row.Row))
        {
            Error(MemberSheet.External, $"与第 {byExternal[(union.Id, external)]} 行的原会员证号重复（同一工会内）");
        }

        var good = ErrorCount == before;
        byPhoneHash.TryAdd(phoneHash, (row.Row, good ? idHash : null));
        if (!good)
        {
            return null;
        }

        byIdHash[idHash] = new Entry(row.Row, union!.Id, phoneHash);
        return (idHash, phoneHash);
    }

    /// <summary>
    /// Active members already holding some of the file's ID numbers. One in the row's own union is the same person imported
    /// before: the row is left alone (so importing a file twice changes nothing). One elsewhere is an error.
    /// </summary>
    /// <param name="unionNameInScope">The name of a union inside the officer's subtree, null outside it (not named then).</param>
    public void AddRegistered(IEnumerable<(string IdHash, Guid UnionId, string PhoneHash)> registered, Func<Guid, string?> unionNameInScope)
    {
        foreach (var (idHash, unionId, phoneHash) in registered)
        {
            if (!byIdHash.TryGetValue(idHash, out var entry))
            {
                continue;
            }

            if (entry.UnionId == unionId)
            {
                unchanged.Add(idHash);
                continue;
            }

            var where = unionNameInScope(unionId) is { } name ? $"“{name}”" : "您管辖范围以外的工会";
            AddError(new SheetError(entry.Row, MemberSheet.IdNumberColumn, $"该身份证号已是{where}的在册会员，不能重复登记；如已转会，请先办理会籍转移"));
            byIdHash.Remove(idHash);
        }
    }

    /// <summary>Active members holding some of the file's phones: an error for a row that would be written. Call after <see cref="AddRegistered"/>.</summary>
    public void AddRegisteredPhones(IEnumerable<string> registered)
    {
        foreach (var phoneHash in registered)
        {
            if (!byPhoneHash.TryGetValue(phoneHash, out var holder))
            {
                continue;
            }

            if (holder.IdHash is { } rowId && unchanged.Contains(rowId))
            {
                continue; // the row's person is already in the register: the row writes nothing, so its phone cannot clash
            }

            AddError(new SheetError(holder.Row, MemberSheet.Phone, "该手机号已登记在另一名在册会员名下（一个手机号只能登记一名会员）"));
            if (holder.IdHash is { } owner)
            {
                byIdHash.Remove(owner);
                unchanged.Remove(owner);
            }
        }
    }

    /// <summary>Sorts the kept errors by row, so the report reads top to bottom.</summary>
    public void Finish() => errors.Sort((a, b) => a.Row.CompareTo(b.Row));

    private void AddError(SheetError error)
    {
        ErrorCount++;
        if (errors.Count < maxErrorsKept)
        {
            errors.Add(error);
        }
    }
}
