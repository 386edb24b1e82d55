namespace Changai.Hosting;

/// <summary>
/// The secrets shipped in appsettings.Development.json so the embedded default runs on a fresh clone. They are public by
/// design; <see cref="ProductionChecks"/> refuses to start Production with any of them.
/// </summary>
public static class DemoSecrets
{
    public const string SigningKey = "B6QDI16qkEcz9OD5FmHdgSr+i08o2X5Bw52l1uwXXk8=";
    public const string EncryptionKey = "8snWGRGamjATcEdHCkHK4qkoKiLBPh4qq8eNvXYCe2E=";
    public const string LookupHashKey = "SYGH/gMUVfbPOT0591k42N8QYCmtE+PdSJcUYVvNP7E=";
    public const string CheckInSigningKey = "jJknzZ2FpqaL6xPqYvZ1D2nqqLZpcbq9lCgAarbGE/s=";
    public const string WeChatAppSecret = "demo-app-secret-not-for-production";
}
