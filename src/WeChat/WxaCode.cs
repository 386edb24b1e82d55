namespace Changai.WeChat;

/// <summary>getUnlimitedQRCode request. <see cref="Scene"/>: at most 32 visible characters from
/// <c>[0-9A-Za-z!#$&amp;'()*+,/:;=?@-._~]</c>. <see cref="Page"/>: no leading slash, no query; null for the home page.</summary>
public sealed record WxaCodeRequest(string Scene)
{
    public string? Page { get; init; }

    /// <summary>When false, WeChat accepts pages that are not yet published.</summary>
    public bool CheckPath { get; init; } = true;

    /// <summary>release, trial or develop.</summary>
    public string EnvVersion { get; init; } = "release";

    /// <summary>280 to 1280 pixels.</summary>
    public int Width { get; init; } = 430;

    public bool AutoColor { get; init; }

    public WxaCodeLineColor? LineColor { get; init; }

    /// <summary>Transparent background.</summary>
    public bool IsHyaline { get; init; }
}

public sealed record WxaCodeLineColor(int R, int G, int B);

/// <summary>The QR code image as WeChat returned it.</summary>
public sealed record WxaCodeImage(byte[] Content, string ContentType);
