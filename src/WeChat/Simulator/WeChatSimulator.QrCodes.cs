using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QRCoder;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private const int MaxSceneLength = 32;
    private static readonly string[] EnvVersions = ["release", "trial", "develop"];

    /// <summary>getwxacodeunlimit: validates like WeChat, then answers a real, scannable PNG QR code whose text is
    /// "page?scene=..." (WeChat's own codes are JPEG wxacodes; callers must only rely on image/*).</summary>
    private SimReply GetWxaCodeUnlimit(string appId, JsonObject body, SimRequest request)
    {
        if (String(body, "scene") is not { } scene)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, scene missing");
        }

        if (scene.Length > MaxSceneLength)
        {
            return SimReply.Error(WeChatErrorCodes.SceneTooLong, "invalid scene, scene too long");
        }

        if (!ScenePattern().IsMatch(scene))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidScene, "invalid scene");
        }

        var page = String(body, "page");
        var checkPath = Bool(body, "check_path") ?? true;
        if (page is not null && (page.StartsWith('/') || page.Contains('?') || (checkPath && !_pages.Contains(page))))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidPage, "invalid page");
        }

        var env = String(body, "env_version") ?? "release";
        var width = Int(body, "width") ?? 430;
        var color = body["line_color"] as JsonObject;
        int[] rgb = color is null ? [0, 0, 0] : [Int(color, "r") ?? -1, Int(color, "g") ?? -1, Int(color, "b") ?? -1];
        if (!EnvVersions.Contains(env) || width is < 280 or > 1280 || rgb.Any(c => c is < 0 or > 255))
        {
            return SimReply.Error(40097, "invalid args");
        }

        var transparent = Bool(body, "is_hyaline") ?? false;
        var text = $"{page ?? "pages/index/index"}?scene={Uri.EscapeDataString(scene)}";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var pixelsPerModule = Math.Max(1, width / data.ModuleMatrix.Count);
        byte[] dark = transparent ? [(byte)rgb[0], (byte)rgb[1], (byte)rgb[2], 255] : [(byte)rgb[0], (byte)rgb[1], (byte)rgb[2]];
        byte[] light = transparent ? [255, 255, 255, 0] : [255, 255, 255];
        return new SimImageReply(new PngByteQRCode(data).GetGraphic(pixelsPerModule, dark, light), "image/png");
    }

    [GeneratedRegex(@"^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$")]
    private static partial Regex ScenePattern();
}
