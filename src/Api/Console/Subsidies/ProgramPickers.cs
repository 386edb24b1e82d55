using System.Security.Cryptography;
using System.Text;
using Changai.Api.OfficerConsole.Shared;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// The programme form's required documents and hardship tiers picked by name, never typed as codes: a catalogue of the
/// usual ones (ticked; a tier with its amount), the programme's own ones kept as they are, and a named extra whose code is
/// made from its name. Read back into the lines <see cref="ProgramForm"/> has always parsed (<c>代码,名称[,金额]</c>), so
/// its checks and messages stay one.
/// </summary>
public static class ProgramPickers
{
    public sealed record Choice(string Code, string Name, bool Ticked, string Amount);

    public static readonly IReadOnlyList<(string Code, string Name)> Documents =
    [
        ("certificate", "职业技能等级证书（照片或扫描件）"), ("id_card", "身份证正反面"), ("admission", "录取通知书或学籍证明"),
        ("tuition-receipt", "学费发票"), ("proof", "困难情况证明（诊断书、受灾证明等）"), ("labour-contract", "劳动合同或在职证明"),
        ("bank-card", "本人银行卡（用于发放）"), ("household", "户口簿"),
    ];

    public static readonly IReadOnlyList<(string Code, string Name)> Tiers =
    [
        ("general", "一般困难"), ("disaster", "突发灾害"), ("illness", "重大疾病"), ("disability", "因残致困"), ("education", "子女就学困难"),
        ("unemployment", "失业困难"),
    ];

    /// <summary>The catalogue, then the programme's own entries outside it, each ticked when the programme has it.</summary>
    public static IReadOnlyList<Choice> Choices(IReadOnlyList<(string Code, string Name)> catalogue, string lines)
    {
        var current = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split([',', '，'], StringSplitOptions.TrimEntries)).Where(c => c.Length >= 2 && c[0].Length > 0)
            .GroupBy(c => c[0]).ToDictionary(g => g.Key, g => g.First());
        var choices = catalogue.Select(c => new Choice(c.Code, current.GetValueOrDefault(c.Code)?[1] ?? c.Name, current.ContainsKey(c.Code),
            current.GetValueOrDefault(c.Code) is { Length: > 2 } t ? t[2] : "")).ToList();
        choices.AddRange(current.Values.Where(c => catalogue.All(k => k.Code != c[0])).Select(c => new Choice(c[0], c[1], true, c.Length > 2 ? c[2] : "")));
        return choices;
    }

    /// <summary>The ticked documents and the named extras as <c>代码,名称</c> lines; null when the form has no picker (an older page).</summary>
    public static string? DocumentLines(IFormCollection form)
    {
        if (!form.ContainsKey("docPicker"))
        {
            return null;
        }

        var lines = form["doc"].OfType<string>().Distinct()
            .Select(code => $"{code},{form.Text("docName:" + code) ?? Name(Documents, code) ?? code}").ToList();
        lines.AddRange(form["docOther"].OfType<string>().Select(Clean).Where(n => n.Length > 0).Select(n => $"{CodeOf(n)},{n}"));
        return string.Join("\n", lines);
    }

    /// <summary>The ticked tiers with their amounts, and the named extra, as <c>代码,名称,金额</c> lines; null without the picker.</summary>
    public static string? TierLines(IFormCollection form)
    {
        if (!form.ContainsKey("tierPicker"))
        {
            return null;
        }

        // An amount left empty stays visible to the form's check, which names the tier.
        string Amount(string? text) => text is { Length: > 0 } a ? a : "（未填）";
        var lines = form["tier"].OfType<string>().Distinct()
            .Select(code => $"{code},{form.Text("tierName:" + code) ?? Name(Tiers, code) ?? code},{Amount(form.Text("tierAmount:" + code))}").ToList();
        if (form.Text("tierOtherName") is { } other && Clean(other) is { Length: > 0 } name)
        {
            lines.Add($"{CodeOf(name)},{name},{Amount(form.Text("tierOtherAmount"))}");
        }

        return string.Join("\n", lines);
    }

    private static string? Name(IReadOnlyList<(string Code, string Name)> catalogue, string code) => catalogue.FirstOrDefault(c => c.Code == code).Name;

    /// <summary>A comma would split the stored line; the name keeps its words with 、 instead.</summary>
    private static string Clean(string name) => name.Trim().Replace(',', '、').Replace('，', '、');

    /// <summary>A stable code for a named extra: the same name gives the same code on every save, so uploads stay attached.</summary>
    private static string CodeOf(string name) => "other-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
}
