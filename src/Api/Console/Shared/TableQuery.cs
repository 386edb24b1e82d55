using System.Globalization;
using System.Text;
using Changai.Domain.Privacy;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>
/// What an officer asked of a console list (状态, 工会, 日期范围, 关键词, extra fields a list names, sort, page size, page),
/// read once from the query string, with the sort key checked against the list's own whitelist. The list's links (sort
/// headers, pages, export) are built from it so they keep every filter. <see cref="DataTable"/> renders it.
/// </summary>
public sealed class TableQuery
{
    public static readonly IReadOnlyList<int> PageSizes = [20, 50, 100];

    /// <summary>An export larger than this is refused with a message asking to narrow the filter.</summary>
    public const int ExportLimit = 50_000;

    private readonly IReadOnlyList<string> extraNames;
    private readonly Dictionary<string, string> extra;

    private TableQuery(string path, IReadOnlyList<string> extraNames, Dictionary<string, string> extra)
    {
        Path = path;
        this.extraNames = extraNames;
        this.extra = extra;
    }

    /// <summary>The list's address, e.g. <c>/console/members</c>.</summary>
    public string Path { get; }

    public string? Status { get; private init; }

    public Guid? Union { get; private init; }

    public DateOnly? From { get; private init; }

    public DateOnly? To { get; private init; }

    public string? Keyword { get; private init; }

    /// <summary>A whitelisted key, or null for the list's default order.</summary>
    public string? Sort { get; private init; }

    public bool Descending { get; private init; }

    public int Page { get; private init; } = 1;

    public int PageSize { get; private init; } = PageSizes[0];

    /// <summary>Refused inputs, in Chinese (a date that is no date); the list shows them above the table.</summary>
    public IReadOnlyList<string> Errors { get; private init; } = [];

    /// <summary>The first day as a use case's query takes it (yyyy-MM-dd), or null.</summary>
    public string? FromText => From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The last day as a use case's query takes it (yyyy-MM-dd), or null.</summary>
    public string? ToText => To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The sort as the query string carries it: <c>key</c> or <c>-key</c>.</summary>
    public string? SortParameter => Sort is null ? null : (Descending ? "-" : "") + Sort;

    public string? this[string name] => extra.GetValueOrDefault(name);

    public static TableQuery Read(HttpRequest request, string path, IReadOnlyCollection<string> sortKeys, params string[] extraNames)
    {
        var q = request.Query;
        string? Text(string name, int max = 50) => q[name].FirstOrDefault()?.Trim() is { Length: > 0 } v ? (v.Length > max ? v[..max] : v) : null;
        var errors = new List<string>();
        DateOnly? Day(string name, string label)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            errors.Add($"{label}应为“年-月-日”，如 2026-11-21");
            return null;
        }

        var sort = Text("sort");
        var descending = sort?.StartsWith('-') ?? false;
        var key = sort?.TrimStart('-');
        var size = int.TryParse(Text("size"), out var s) && PageSizes.Contains(s) ? s : PageSizes[0];
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in extraNames)
        {
            if (Text(name) is { } value)
            {
                extra[name] = value;
            }
        }

        return new TableQuery(path, extraNames, extra)
        {
            Status = Text("status"),
            Union = Guid.TryParse(Text("union"), out var union) ? union : null,
            From = Day("from", "起始日期"),
            To = Day("to", "截止日期"),
            Keyword = Text("q", 20),
            Sort = key is not null && sortKeys.Contains(key) ? key : null,
            Descending = key is not null && sortKeys.Contains(key) && descending,
            Page = int.TryParse(Text("page"), out var page) && page >= 1 ? page : 1,
            PageSize = size,
            Errors = errors,
        };
    }

    /// <summary>The filters as query-string pairs (not sort, size or page).</summary>
    public IEnumerable<(string Name, string Value)> Filters()
    {
        if (Status is not null) yield return ("status", Status);
        if (Union is { } union) yield return ("union", union.ToString());
        if (From is { } from) yield return ("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (To is { } to) yield return ("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Keyword is not null) yield return ("q", Keyword);
        foreach (var name in extraNames)
        {
            if (extra.TryGetValue(name, out var value)) yield return (name, value);
        }
    }

    /// <summary>This list with the same filters; <paramref name="suffix"/> e.g. <c>/export</c>.</summary>
    public string Link(int? page = null, string? sort = null, bool keepSort = true, int? size = null, string suffix = "")
    {
        var pairs = Filters().ToList();
        if ((keepSort ? sort ?? SortParameter : sort) is { } s) pairs.Add(("sort", s));
        if ((size ?? PageSize) is var z && z != PageSizes[0]) pairs.Add(("size", z.ToString(CultureInfo.InvariantCulture)));
        if ((page ?? Page) is var p && p > 1) pairs.Add(("page", p.ToString(CultureInfo.InvariantCulture)));
        var link = new StringBuilder(Path).Append(suffix);
        for (var i = 0; i < pairs.Count; i++)
        {
            link.Append(i == 0 ? '?' : '&').Append(pairs[i].Name).Append('=').Append(Uri.EscapeDataString(pairs[i].Value));
        }

        return link.ToString();
    }

    /// <summary>The first page sorted by <paramref name="key"/>: ascending first, then descending, then the list's default order.</summary>
    public string SortLink(string key) =>
        Sort != key ? Link(1, key) : !Descending ? Link(1, "-" + key) : Link(1, null, keepSort: false);

    /// <summary>For <c>aria-sort</c>.</summary>
    public string? SortState(string key) => Sort != key ? null : Descending ? "descending" : "ascending";

    /// <summary>The filters in Chinese for the audit record of an export, e.g. "状态：待审核；关键词：张".</summary>
    public string Describe(
        IReadOnlyDictionary<string, string> labels, Func<Guid, string?>? unionName = null, IReadOnlyList<DataTable.Option>? statuses = null)
    {
        var parts = Filters().Select(f => f.Name switch
        {
            // A status by the name the picker shows (待核对), not its value in the address (pending).
            "status" => $"{labels.GetValueOrDefault("status", "状态")}：{statuses?.FirstOrDefault(o => o.Value == f.Value)?.Label ?? f.Value}",
            "union" => $"{labels.GetValueOrDefault("union", "工会")}：{(Guid.TryParse(f.Value, out var u) ? unionName?.Invoke(u) : null) ?? f.Value}",
            // The audit record keeps no full phone number: it names the filter the way the page shows the data.
            "phone" => $"{labels.GetValueOrDefault("phone", "手机号")}：{Masking.Phone(f.Value)}",
            _ => $"{labels.GetValueOrDefault(f.Name, f.Name)}：{f.Value}",
        }).ToList();
        if (Sort is not null)
        {
            parts.Add($"排序：{labels.GetValueOrDefault("sort:" + Sort, Sort)}{(Descending ? "（降序）" : "（升序）")}");
        }

        return parts.Count == 0 ? "全部（无筛选条件）" : string.Join("；", parts);
    }

    /// <summary>
    /// A list's query as its use case reads it, checked with the use case's validator: the first problem refuses the page or
    /// export with 400 <c>validation.failed</c> (the console shows it as its error page).
    /// </summary>
    public static async Task EnsureValidAsync<TQuery>(FluentValidation.IValidator<TQuery> validator, TQuery query, CancellationToken ct)
    {
        if ((await validator.ValidateAsync(query, ct)) is { IsValid: false } invalid)
        {
            throw Domain.Common.DomainException.BadRequest("validation.failed", invalid.Errors[0].ErrorMessage);
        }
    }
}
