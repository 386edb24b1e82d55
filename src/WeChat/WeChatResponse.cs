using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Changai.WeChat;

/// <summary>One answer from WeChat: a JSON object (with errcode, 0 when absent) or, for the QR code API, an image.</summary>
internal sealed class WeChatResponse
{
    private WeChatResponse(string api, int errCode, string errMsg, JsonElement json, WxaCodeImage? image)
    {
        Api = api;
        ErrCode = errCode;
        ErrMsg = errMsg;
        Json = json;
        Image = image;
    }

    public string Api { get; }

    public int ErrCode { get; }

    public string ErrMsg { get; }

    public JsonElement Json { get; }

    public WxaCodeImage? Image { get; }

    public static WeChatResponse FromImage(string api, WxaCodeImage image) => new(api, 0, "", default, image);

    public static WeChatResponse FromJson(string api, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new WeChatTransportException(api, "response body is not a JSON object");
        }

        var errCode = json.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
        var errMsg = json.TryGetProperty("errmsg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString()! : "";
        return new(api, errCode, errMsg, json, null);
    }

    public WeChatResponse EnsureSuccess(ILogger logger)
    {
        if (ErrCode == 0)
        {
            return this;
        }

        logger.ApiError(Api, ErrCode);
        throw new WeChatApiException(Api, ErrCode, ErrMsg);
    }

    public string RequiredString(JsonElement obj, string name) =>
        OptionalString(obj, name) ?? throw new WeChatTransportException(Api, $"response lacks '{name}'");

    public static string? OptionalString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            // WeChat documents some fields as strings but sends numbers (countryCode: 86).
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public JsonElement RequiredObject(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new WeChatTransportException(Api, $"response lacks '{name}'");
}
