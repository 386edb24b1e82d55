namespace Changai.Domain.Profiles;

/// <summary>
/// A separate consent the worker gave (PIPL art. 29: sensitive personal information needs its own consent), kept
/// with the version of the text the worker saw.
/// </summary>
public sealed class ConsentRecord
{
    public const string SensitivePersonalInformation = "sensitive_personal_information";

    public Guid Id { get; init; }

    public Guid WorkerId { get; init; }

    public required string Kind { get; init; }

    public required string TextVersion { get; init; }

    public DateTime GrantedAt { get; init; }

    public DateTime? WithdrawnAt { get; set; }
}

public static class ConsentTexts
{
    public const string SensitiveVersion = "2026-11-v1";

    public const string SensitiveText =
        "为办理入会、会籍转移、补助申请等工会服务，云南省总工会及您所选择的工会需要处理您的身份证号码（敏感个人信息）。" +
        "该信息将加密存储，仅在核验身份、防止重复入会和重复申领时使用；工会干部查看完整号码会被记录。" +
        "您可以随时撤回同意，撤回后将无法继续办理需要实名核验的业务。";
}
