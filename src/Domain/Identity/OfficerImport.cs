using Changai.Domain.Organizations;

namespace Changai.Domain.Identity;

public enum OfficerImportAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>What importing one row does (or would do).</summary>
public sealed record OfficerImportItem(
    int Row, string Username, string DisplayName, Union Union, OfficerPermissions Permissions, string? Phone, OfficerImportAction Action, Officer? Existing);

/// <summary>
/// The account rules of an officer import, over the well-formed rows (<see cref="OfficerSheet"/>), the unions of the importing
/// officer's subtree and the accounts that already carry the file's usernames: each account belongs to an open union inside
/// the importer's subtree; the importer grants only permissions they hold (<see cref="OfficerAccountRules.EnsureCanGrant"/>);
/// a username already taken by an account of the same union updates that account when its name, permissions or phone
/// differ and leaves it alone otherwise (so importing the same file twice changes nothing); taken by any other account,
/// it is refused. Plain in-memory work: the same plan serves the dry run and the import, and is unit-tested.
/// </summary>
public sealed class OfficerImport
{
    private readonly List<SheetError> errors;
    private readonly List<OfficerImportItem> items = [];

    public IReadOnlyList<SheetError> Errors => errors;

    public IReadOnlyList<OfficerImportItem> Items => items;

    public int Count(OfficerImportAction action) => items.Count(i => i.Action == action);

    /// <param name="importer">The importing officer's account (their permissions bound what they grant).</param>
    /// <param name="subtree">The unions inside the importer's subtree, their own included.</param>
    /// <param name="existing">Accounts that carry one of the file's usernames, wherever they are.</param>
    /// <param name="phoneHash">The keyed hash of a mobile (the one stored beside the encrypted number).</param>
    public OfficerImport(
        IReadOnlyList<OfficerSheetRow> rows, IEnumerable<SheetError> cellErrors, Officer importer, IReadOnlyCollection<Union> subtree,
        IReadOnlyCollection<Officer> existing, Func<string, string> phoneHash)
    {
        errors = [.. cellErrors];
        var byCode = subtree.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var byCreditCode = subtree.Where(u => u.CreditCode is not null).ToDictionary(u => u.CreditCode!, StringComparer.Ordinal);
        var accounts = existing.ToDictionary(o => o.Username, StringComparer.Ordinal);
        var unionsById = subtree.ToDictionary(u => u.Id);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var before = errors.Count;
            void Error(string column, string message) => errors.Add(new SheetError(row.Row, column, message));
            if (seen.TryGetValue(row.Username, out var first))
            {
                Error(OfficerSheet.Username, $"{row.Username} 与第 {first} 行重复");
                continue;
            }

            seen[row.Username] = row.Row;
            var union = byCode.GetValueOrDefault(row.UnionCode) ?? byCreditCode.GetValueOrDefault(row.UnionCode.ToUpperInvariant());
            if (union is null)
            {
                Error(OfficerSheet.UnionCode, $"未找到代码为 {row.UnionCode} 的工会，或该工会不在您的管辖范围内");
            }
            else if (union.IsClosed)
            {
                Error(OfficerSheet.UnionCode, $"“{union.Name}”已撤销，不能再添加干部账号");
            }

            var notHeld = OfficerAccountRules.Singles.Where(p => row.Permissions.HasFlag(p) && !importer.Permissions.HasFlag(p)).ToList();
            if (notHeld.Count > 0)
            {
                Error(OfficerSheet.Permissions, $"您本人没有“{string.Join("、", notHeld.Select(OfficerAccountRules.PermissionText))}”权限，不能授予");
            }

            var account = accounts.GetValueOrDefault(row.Username);
            if (account is not null)
            {
                if (account.Id == importer.Id)
                {
                    Error(OfficerSheet.Username, "这是您本人的账号，不能通过导入修改");
                }
                else if (union is not null && account.UnionId != union.Id)
                {
                    // Whether it is inside the importer's subtree or not, the name is simply taken: nothing else is said.
                    Error(OfficerSheet.Username, unionsById.TryGetValue(account.UnionId, out var other)
                        ? $"用户名 {row.Username} 已是“{other.Name}”的干部账号；同一用户名不能用于另一个工会"
                        : $"用户名 {row.Username} 已被使用，请换一个");
                }
                else if (union is not null)
                {
                    var changed = (account.Permissions ^ row.Permissions) & ~importer.Permissions;
                    if (changed != OfficerPermissions.None)
                    {
                        Error(OfficerSheet.Permissions, $"该账号现有的“{OfficerSheet.PermissionsText(changed)}”权限您本人没有，不能通过导入更改");
                    }
                }
            }

            if (errors.Count > before)
            {
                continue;
            }

            var action = account is null ? OfficerImportAction.Create
                : account.DisplayName != row.DisplayName || account.Permissions != row.Permissions
                  || account.PhoneHash != (row.Phone is null ? null : phoneHash(row.Phone)) ? OfficerImportAction.Update
                : OfficerImportAction.Unchanged;
            items.Add(new OfficerImportItem(row.Row, row.Username, row.DisplayName, union!, row.Permissions, row.Phone, action, account));
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
    }
}
