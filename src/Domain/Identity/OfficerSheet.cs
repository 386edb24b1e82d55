using System.Text.RegularExpressions;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;

namespace Changai.Domain.Identity;

/// <summary>One data row of an officer import sheet whose cells are each well-formed (the account rules come after, in <see cref="OfficerImport"/>).</summary>
public sealed record OfficerSheetRow(int Row, string Username, string DisplayName, string UnionCode, OfficerPermissions Permissions, string? Phone);

/// <summary>
/// The layout of the officer import sheet (CSV or XLSX, zh-CN headers, one account per row): 用户名, 姓名, 所属工会代码, 权限
/// (the permissions' Chinese names, as the console shows them, separated by 、 or commas), 手机号. Headers are matched by
/// name, in any order. No password column: each new account gets a one-time activation code when it is imported.
/// </summary>
public static partial class OfficerSheet
{
    public const string Username = "用户名";
    public const string DisplayName = "姓名";
    public const string UnionCode = "所属工会代码";
    public const string Permissions = "权限";
    public const string Phone = "手机号";

    public const int MaxDisplayNameLength = 32;

    public static IReadOnlyList<string> Header { get; } = [Username, DisplayName, UnionCode, Permissions, Phone];

    private static readonly string[] Required = [Username, DisplayName, UnionCode, Permissions];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["登录名"] = Username, ["账号"] = Username, ["姓名或称呼"] = DisplayName, ["名称"] = DisplayName, ["工会代码"] = UnionCode,
        ["所属工会"] = UnionCode, ["工会"] = UnionCode, ["权限名称"] = Permissions, ["手机"] = Phone, ["手机号码"] = Phone, ["联系电话"] = Phone,
    };

    /// <summary>A made-up row for the template (read as an example and skipped on import).</summary>
    public static IReadOnlyList<string> ExampleRow { get; } =
        ["示例：gd.zhangsan（导入前请删除本行）", "官渡区总工会 审核员 张三", "530111", "入会审核、补贴审核", "13900000000"];

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"[、,，;；/\s]+")]
    private static partial Regex PermissionSeparator();

    /// <summary>
    /// The permissions by the names officers read (<see cref="OfficerAccountRules.PermissionText"/>), and by the names
    /// sheets filled before the console said 补贴 everywhere (补助审核, 补助项目管理), so those still import.
    /// </summary>
    public static IReadOnlyDictionary<string, OfficerPermissions> PermissionNames { get; } =
        OfficerAccountRules.Singles.ToDictionary(OfficerAccountRules.PermissionText, p => p, StringComparer.Ordinal)
            .Concat([new("补助审核", OfficerPermissions.ReviewSubsidies), new("补助项目管理", OfficerPermissions.ManageSubsidies)])
            .ToDictionary(StringComparer.Ordinal);

    public static string PermissionsText(OfficerPermissions permissions) =>
        string.Join("、", OfficerAccountRules.Singles.Where(p => permissions.HasFlag(p)).Select(OfficerAccountRules.PermissionText));

    /// <summary>Reads every data row: the well-formed rows, and an error for each cell that is not.</summary>
    public static (IReadOnlyList<OfficerSheetRow> Rows, IReadOnlyList<SheetError> Errors) Parse(IEnumerable<SheetRow> sheet)
    {
        var errors = new List<SheetError>();
        var parsed = new List<OfficerSheetRow>();
        Dictionary<string, int>? columns = null;
        foreach (var row in sheet)
        {
            if (columns is null)
            {
                columns = HeaderColumns(row);
                var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    return ([], [new SheetError(row.Number, "", $"表头缺少“{string.Join("”“", missing)}”列，请下载模板填写")]);
                }

                continue;
            }

            if (parsed.Count + errors.Count == 0 && row.Cell(columns[Username]).StartsWith("示例", StringComparison.Ordinal))
            {
                continue; // the template's example row left in
            }

            if (ParseRow(row, columns, errors) is { } good)
            {
                parsed.Add(good);
            }
        }

        if (columns is null)
        {
            return ([], [new SheetError(1, "", "文件中没有内容，请下载模板填写")]);
        }

        if (parsed.Count + errors.Count == 0)
        {
            errors.Add(new SheetError(2, "", "文件中只有表头，没有要导入的账号"));
        }

        return (parsed, errors);
    }

    private static Dictionary<string, int> HeaderColumns(SheetRow header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
            columns.TryAdd(Aliases.GetValueOrDefault(name, name), i);
        }

        return columns;
    }

    private static OfficerSheetRow? ParseRow(SheetRow row, Dictionary<string, int> columns, List<SheetError> errors)
    {
        var before = errors.Count;
        string Cell(string column) => columns.TryGetValue(column, out var i) ? Clean(row.Cell(i)) : "";
        void Error(string column, string message) => errors.Add(new SheetError(row.Number, column, message));

        var username = Cell(Username);
        if (username.Length == 0)
        {
            Error(Username, "不能为空");
        }
        else if (!OfficerAccountRules.IsValidUsername(username))
        {
            Error(Username, $"“{username}”不符合要求：需 3–32 位，以小写字母开头，只含小写字母、数字和 . _ -");
        }

        var name = Cell(DisplayName);
        if (name.Length == 0)
        {
            Error(DisplayName, "不能为空");
        }
        else if (name.Length > MaxDisplayNameLength)
        {
            Error(DisplayName, $"不能超过 {MaxDisplayNameLength} 个字");
        }

        var union = Cell(UnionCode);
        if (union.Length == 0)
        {
            Error(UnionCode, "不能为空，请填写工会代码或统一社会信用代码");
        }
        else if (union.Length > 32)
        {
            Error(UnionCode, $"“{union}”不是工会代码");
        }

        var permissions = OfficerPermissions.None;
        var permissionText = Cell(Permissions);
        foreach (var text in PermissionSeparator().Split(permissionText).Where(t => t.Length > 0))
        {
            if (PermissionNames.TryGetValue(text, out var permission))
            {
                permissions |= permission;
            }
            else
            {
                Error(Permissions, $"“{text}”不是可识别的权限，可填：{string.Join("、", PermissionNames.Keys)}");
            }
        }

        if (permissionText.Length == 0)
        {
            Error(Permissions, "不能为空，请至少填写一项权限");
        }

        var phone = Cell(Phone).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (phone.Length > 0 && !MobilePattern().IsMatch(phone))
        {
            Error(Phone, $"“{phone}”不是有效的手机号（11 位，以 1 开头）");
        }

        return errors.Count > before ? null : new OfficerSheetRow(row.Number, username, name, union, permissions, phone.Length == 0 ? null : phone);
    }

    private static string Clean(string value) => value.Trim().Trim('\u3000', '\u00a0').Trim();
}
