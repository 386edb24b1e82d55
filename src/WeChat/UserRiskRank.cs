namespace Changai.WeChat;

/// <summary>What the user is doing when their risk is checked (getUserRiskRank <c>scene</c>).</summary>
public enum UserRiskScene
{
    Register = 0,

    /// <summary>营销作弊: prize draws, coupons, contests.</summary>
    MarketingCheat = 1,

    Ugc = 2,
}

/// <summary>getUserRiskRank request. <see cref="ClientIp"/> is the user's own address as the server saw it.</summary>
public sealed record UserRiskRankRequest(string OpenId, UserRiskScene Scene, string ClientIp)
{
    public string? MobileNo { get; init; }

    public string? EmailAddress { get; init; }

    public string? ExtendedInfo { get; init; }

    /// <summary>true for a test call that WeChat does not count.</summary>
    public bool IsTest { get; init; }

    // Records print every property; phone numbers and addresses must not reach logs.
    public override string ToString() => $"UserRiskRankRequest {{ Scene = {Scene} }}";
}

/// <summary>The user's risk rank, 0 (none) to 4 (highest); <see cref="RequestId"/> is WeChat's <c>unoin_id</c> (sic).</summary>
public sealed record UserRiskRank(int RiskRank, long? RequestId)
{
    public const int Highest = 4;
}
