namespace Changai.WeChat;

/// <summary>Settings for calling the WeChat server APIs, bound from the "WeChat" configuration section.</summary>
public sealed class WeChatOptions
{
    public const string SectionName = "WeChat";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>Tests and development point this at the simulator, e.g. "http://localhost:5000/wechat-sim".</summary>
    public string BaseAddress { get; set; } = "https://api.weixin.qq.com";

    /// <summary>Default miniprogram_state for subscribe messages: developer, trial or formal.</summary>
    public string MiniProgramState { get; set; } = "formal";

    /// <summary>The whole call, every attempt included (attempts, retries and the breaker: <see cref="Resilience"/>).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public WeChatResilienceOptions Resilience { get; set; } = new();
}
