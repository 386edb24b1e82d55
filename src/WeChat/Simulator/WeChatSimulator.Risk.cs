using System.Text.Json.Nodes;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private readonly Dictionary<string, int> _riskRanks = new(StringComparer.Ordinal);

    /// <summary>What getUserRiskRank answers for this user from now on (0 unless set).</summary>
    public void SetRiskRank(string openId, int rank)
    {
        lock (_lock)
        {
            _knownOpenIds.Add(openId);
            _riskRanks[openId] = rank;
        }
    }

    /// <summary>getUserRiskRank: the body must name this token's app, a user it has seen, a scene 0–2 and the client IP.</summary>
    private SimReply GetUserRiskRank(string appId, JsonObject body, SimRequest request)
    {
        if (String(body, "appid") is not { } bodyAppId || String(body, "openid") is not { } openId
            || Int(body, "scene") is not { } scene || String(body, "client_ip") is not { Length: > 0 })
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, appid, openid, scene and client_ip are required");
        }

        if (bodyAppId != appId)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidAppId, "invalid appid");
        }

        if (scene is < 0 or > 2)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidArgument, "argument invalid! scene");
        }

        if (!_knownOpenIds.Contains(openId))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidOpenId, "invalid openid");
        }

        return SimReply.Ok(new
        {
            errcode = 0,
            errmsg = "getuserriskrank succ",
            risk_rank = _riskRanks.GetValueOrDefault(openId),
            unoin_id = Random.Shared.NextInt64(100_000, 999_999_999),
        });
    }
}
