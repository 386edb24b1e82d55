namespace Changai.WeChat;

/// <summary>A one-time subscribe message. <see cref="Data"/> maps keyword keys (e.g. "thing1", "time2") to values;
/// it is sent as <c>{"thing1":{"value":"..."}}</c>. Values must follow the keyword rules or WeChat answers 47003.</summary>
public sealed record SubscribeMessage(string ToUser, string TemplateId, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>Page opened from the message, e.g. "pages/index/index?id=1"; null for no jump.</summary>
    public string? Page { get; init; }

    /// <summary>developer, trial or formal; null uses <see cref="WeChatOptions.MiniProgramState"/>.</summary>
    public string? MiniProgramState { get; init; }

    /// <summary>zh_CN, en_US, zh_HK or zh_TW.</summary>
    public string Lang { get; init; } = "zh_CN";
}
