using System.Net;
using System.Text;

namespace Changai.WeChat.Tests.Infrastructure;

/// <summary>Answers stable_token itself and hands every other request to <paramref name="respond"/>, recording
/// request bodies. For the cases the simulator cannot produce (HTML pages, hangs, odd field types).</summary>
public sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<string> Bodies { get; } = [];

    public static HttpResponseMessage Respond(string body, string contentType = "application/json", HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.EndsWith("/cgi-bin/stable_token", StringComparison.Ordinal))
        {
            return Respond("""{"access_token":"stub-token","expires_in":7200}""");
        }

        if (request.Content is not null)
        {
            Bodies.Add(Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync(cancellationToken)));
        }

        return await respond(request, cancellationToken);
    }
}
