using System.Security.Cryptography;

namespace Changai.WeChat.Simulator;

/// <summary>What the simulator answers to one WeChat API call, before it becomes HTTP.</summary>
internal abstract record SimReply
{
    /// <summary>WeChat reports errors as HTTP 200 with errcode and an errmsg that ends in a request id.</summary>
    public static SimReply Error(int errCode, string errMsg) =>
        new SimJsonReply(new { errcode = errCode, errmsg = $"{errMsg} rid: {Rid()}" });

    public static SimReply Ok(object payload, string contentType = "application/json") => new SimJsonReply(payload, contentType);

    private static string Rid() =>
        string.Join('-', Enumerable.Range(0, 3).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))));
}

internal sealed record SimJsonReply(object Payload, string ContentType = "application/json") : SimReply;

internal sealed record SimImageReply(byte[] Content, string ContentType) : SimReply;

/// <summary>A non-2xx answer with an empty body, injected through /dev/faults to exercise transport handling.</summary>
internal sealed record SimHttpStatusReply(int StatusCode) : SimReply;

/// <summary>An answer sent only after <see cref="Delay"/>, injected through /dev/faults to exercise timeouts.</summary>
internal sealed record SimDelayedReply(TimeSpan Delay, SimReply Reply) : SimReply;

/// <summary>No answer at all: the connection is closed once the call has taken effect, injected through /dev/faults.</summary>
internal sealed record SimDroppedReply(SimReply Reply) : SimReply;

/// <summary>The parts of an HTTP request the simulated APIs look at.</summary>
internal sealed record SimRequest(string Method, IReadOnlyDictionary<string, string> Query, string Body)
{
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
