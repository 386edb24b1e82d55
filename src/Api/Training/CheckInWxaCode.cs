using Changai.Api.Identity;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Training;
using Changai.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Changai.Api.Training;

/// <summary>
/// The check-in code as a 小程序码 (getwxacodeunlimit): scanned with WeChat's own 扫一扫, it opens the mini-program's
/// check-in page with the session and the token of the current 30 seconds in its scene (<see cref="CheckInScene"/>).
/// The officer's screen fetches a new one every 30 seconds, as it does the text code (<see cref="CheckIn.Code"/>).
/// </summary>
public static class CheckInWxaCode
{
    /// <summary>The mini-program page the code opens (miniprogram-stubs/pages/training/check-in).</summary>
    public const string Page = "pages/training/check-in";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CheckInCodes codes, WeChatClient wechat, IOptions<WeChatOptions> options,
        CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (session, _, _) = await TrainingLookups.SessionInScopeAsync(db, scope, officer, id, ct);
        session.EnsureScheduled();
        var scene = codes.IssueScene(session.Id);
        // The build the code opens follows the builds the server sends messages to: a release page must be published
        // (check_path), a develop or trial build may not have it yet.
        var env = options.Value.MiniProgramState switch
        {
            "developer" => "develop",
            "trial" => "trial",
            _ => "release",
        };
        WxaCodeImage image;
        try
        {
            image = await wechat.GetUnlimitedQrCodeAsync(new WxaCodeRequest(scene.Scene) { Page = Page, EnvVersion = env, CheckPath = env == "release", Width = 430 }, ct);
        }
        catch (Exception e) when (e is WeChatApiException or WeChatTransportException)
        {
            return WeChatProblems.Unavailable();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(image.Content, image.ContentType);
    }
}
