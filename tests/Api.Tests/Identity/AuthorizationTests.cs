using System.Net;
using System.Text;
using Changai.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Identity;

public sealed class AuthorizationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private enum Role { Anonymous, Worker, OfficerWithoutReview, ReviewOfficer }

    /// <summary>Who may call what, written independently of the endpoint code so that a wrong policy shows up here.</summary>
    private static Role[] Allowed(string route) => route switch
    {
        "/api/auth/wechat-login" or "/api/auth/officer-login" or "/api/auth/refresh" or "/api/auth/officer-activation"
            => [Role.Anonymous, Role.Worker, Role.OfficerWithoutReview, Role.ReviewOfficer],
        "/api/auth/logout" or "/api/unions" or "/api/regions/counties" or "/api/membership/card/verify" => [Role.Worker, Role.OfficerWithoutReview, Role.ReviewOfficer],
        _ when route.StartsWith("/api/notifications/", StringComparison.Ordinal) => [Role.Worker, Role.OfficerWithoutReview, Role.ReviewOfficer],
        "/api/officer/wechat-binding" or "/api/officer/password" => [Role.OfficerWithoutReview, Role.ReviewOfficer],
        "/api/officer/unions" => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/officer/unions/", StringComparison.Ordinal) => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/officer/officers/", StringComparison.Ordinal) => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/officer/membership/", StringComparison.Ordinal) => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/officer/subsidies/", StringComparison.Ordinal) => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/subsidies/", StringComparison.Ordinal) => [Role.Worker],
        _ when route.StartsWith("/api/officer/training/", StringComparison.Ordinal) => [Role.ReviewOfficer],
        _ when route.StartsWith("/api/training/", StringComparison.Ordinal) => [Role.Worker],
        _ when route.StartsWith("/api/me/", StringComparison.Ordinal) || route.StartsWith("/api/membership/", StringComparison.Ordinal) => [Role.Worker],
        "/api/quiz/campaigns/{id:guid}/draw" => [Role.Worker, Role.OfficerWithoutReview, Role.ReviewOfficer],
        _ when route.StartsWith("/api/quiz/", StringComparison.Ordinal) => [Role.Worker],
        _ when route.StartsWith("/api/officer/quiz/", StringComparison.Ordinal) => [Role.OfficerWithoutReview, Role.ReviewOfficer],
        _ => throw new InvalidOperationException($"No expectation written for {route}: add it to this table"),
    };

    private IEnumerable<RouteEndpoint> Endpoints() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    [Fact]
    public void Every_endpoint_declares_who_may_call_it()
    {
        var undeclared = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without an authorization decision: " + string.Join(", ", undeclared));
        Assert.True(Endpoints().Count() > 20);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_endpoints_meant_for_it()
    {
        var clients = new Dictionary<Role, HttpClient>
        {
            [Role.Anonymous] = api.CreateClient(),
            [Role.Worker] = (await api.NewWorkerAsync()).Http,
            [Role.OfficerWithoutReview] = await api.OfficerAsync("km.quiz"),
            [Role.ReviewOfficer] = await api.OfficerAsync("km.shi"),
        };
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in Endpoints().Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var route = endpoint.RoutePattern.RawText!;
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", Guid.NewGuid().ToString());
            var allowed = Allowed(route);
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            {
                foreach (var (role, client) in clients)
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method is "POST" or "PUT")
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    var status = (await client.SendAsync(request)).StatusCode;
                    var denied = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                    checkedCount++;
                    if (allowed.Contains(role) == denied)
                    {
                        failures.Add($"{role} {method} {route} → {(int)status}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCount > 80);
    }
}
