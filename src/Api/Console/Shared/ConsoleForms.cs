using System.Globalization;
using Changai.Domain.Common;
using FluentValidation.Results;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>
/// What a console form posts, read into an API request record: Beijing times from <c>datetime-local</c> inputs, whole
/// numbers, and every problem kept under its field's name (camelCase, as the API's ProblemDetails name them), so the
/// page shows each message next to its input.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        var key = Key(field);
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    public void Add(ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            Add(failure.PropertyName, failure.ErrorMessage);
        }
    }

    public string? For(string field) => errors.TryGetValue(Key(field), out var list) ? string.Join("；", list) : null;

    /// <summary>The first message, for a page that shows one line above its form.</summary>
    public string? First => errors.Values.SelectMany(v => v).FirstOrDefault();

    /// <summary>Every message, for the summary at the top of the form.</summary>
    public IReadOnlyList<string> All => [.. errors.Values.SelectMany(v => v)];

    private static string Key(string field)
    {
        var name = field.Split('.', '[')[0];
        return name.Length == 0 ? "" : char.ToLowerInvariant(name[0]) + name[1..];
    }
}

public static class ConsoleForms
{
    private const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>A UTC instant as a <c>datetime-local</c> value in Beijing time.</summary>
    public static string TimeInput(DateTime utc) => ChinaTime.ToChina(utc).ToString(InputFormat, CultureInfo.InvariantCulture);

    public static string TimeInput(DateTime? utc) => utc is { } value ? TimeInput(value) : "";

    /// <summary>A <c>datetime-local</c> value read as Beijing time; null when empty, an error when it is not a time.</summary>
    public static DateTimeOffset? Time(this IFormCollection form, string name, FormErrors errors, string label, bool required = true)
    {
        var text = form.Text(name);
        if (text is null)
        {
            if (required)
            {
                errors.Add(name, $"请填写{label}");
            }

            return null;
        }

        if (DateTime.TryParseExact(text, [InputFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, TimeSpan.FromHours(8));
        }

        errors.Add(name, $"{label}应为“年-月-日 时:分”");
        return null;
    }

    public static int Number(this IFormCollection form, string name, FormErrors errors, string label, int whenEmpty)
    {
        var text = form.Text(name);
        if (text is null)
        {
            return whenEmpty;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(name, $"{label}应为整数");
        return whenEmpty;
    }

    public static double? Decimal(this IFormCollection form, string name, FormErrors errors, string label)
    {
        var text = form.Text(name);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(name, $"{label}应为数字");
        return null;
    }

    public static TEnum Choice<TEnum>(this IFormCollection form, string name, FormErrors errors, string label, TEnum whenEmpty) where TEnum : struct, Enum
    {
        var text = form.Text(name);
        if (text is null)
        {
            return whenEmpty;
        }

        if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        errors.Add(name, $"请选择{label}");
        return whenEmpty;
    }

    public static Guid? Id(this IFormCollection form, string name) => Guid.TryParse(form.Text(name), out var id) ? id : null;

    /// <summary>Codes typed with any separator: <c>5301, 5303；530111</c> → three codes.</summary>
    public static IReadOnlyList<string> Codes(this IFormCollection form, string name) =>
        // Several values under one name (a picker's ticked boxes) or one text with separators: both read the same.
        (form[name].Count > 1 ? string.Join(",", form[name].OfType<string>()) : form.Text(name))?.Split([',', '，', '、', ';', '；', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
