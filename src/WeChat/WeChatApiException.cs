namespace Changai.WeChat;

/// <summary>WeChat answered with a non-zero errcode.</summary>
/// <remarks>The message carries only the API name and errcode: errmsg is kept in <see cref="ErrMsg"/> for callers
/// that want it, so that logging the exception never leaks anything WeChat echoes back.</remarks>
public sealed class WeChatApiException(string api, int errCode, string errMsg)
    : Exception($"WeChat API '{api}' failed with errcode {errCode}.")
{
    public string Api { get; } = api;

    public int ErrCode { get; } = errCode;

    public string ErrMsg { get; } = errMsg;
}
