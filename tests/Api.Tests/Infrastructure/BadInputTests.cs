using System.Net;
using System.Net.Http.Json;
using System.Text;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>Malformed requests get a zh-CN ProblemDetails with a stable code, never a 500.</summary>
public sealed class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("{not json", "request.invalid_json")]
    [InlineData("{\"unionId\":\"not-a-guid\",\"channel\":\"employerUnion\"}", "request.invalid_json")]
    [InlineData("{\"unionId\":\"0195a3c4-0000-7000-8000-000000000000\",\"channel\":\"viaFriend\"}", "request.invalid_json")]
    [InlineData("null", "request.body_missing")]
    [InlineData("{}", "validation.failed")]
    public async Task Malformed_bodies_get_a_400_problem(string body, string code)
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PostAsync("/api/membership/applications", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Matches("[\u4e00-\u9fff]", (string)problem["detail"]!);
    }

    [Fact]
    public async Task An_oversized_body_gets_413_before_it_is_read()
    {
        var worker = await api.NewWorkerAsync();
        var huge = "{\"note\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        var response = await worker.Http.PostAsync("/api/membership/applications", new StringContent(huge, Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task Unknown_routes_and_missing_tokens_answer_in_chinese_problems()
    {
        var anonymous = api.CreateClient();
        await (await anonymous.GetAsync("/api/me/profile")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        var worker = await api.NewWorkerAsync();
        await (await worker.Http.GetAsync("/api/nothing-here")).ProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await (await worker.Http.GetAsync("/api/officer/membership/applications")).ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Query_parameters_out_of_range_are_named()
    {
        var worker = await api.NewWorkerAsync();
        var problem = await (await worker.Http.GetAsync("/api/unions?pageSize=1000&regionCode=abc")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.NotNull(problem["errors"]!["pageSize"]);
        Assert.NotNull(problem["errors"]!["regionCode"]);
    }

    [Fact]
    public async Task Enum_query_values_are_understood_as_the_json_writes_them_and_unknown_ones_are_refused()
    {
        var worker = await api.NewWorkerAsync();
        var regional = await (await worker.Http.GetAsync("/api/unions?channel=regionalUnion&pageSize=50")).ReadJsonAsync(HttpStatusCode.OK);
        var items = regional["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, u => Assert.Equal("regionalUnion", (string)u!["channel"]!));
        var same = await (await worker.Http.GetAsync("/api/unions?channel=RegionalUnion&pageSize=50")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(items.Count, same["items"]!.AsArray().Count);
        await (await worker.Http.GetAsync("/api/unions?channel=viaFriend")).ProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_idempotency_key_is_done_once()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var unionId = await api.UnionIdAsync("530111001");
        HttpRequestMessage Submit(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "apply-7f3a");
            return request;
        }

        var first = await (await worker.Http.SendAsync(Submit(new { unionId, channel = "employerUnion" }))).ReadJsonAsync(HttpStatusCode.Created);
        var retry = await worker.Http.SendAsync(Submit(new { unionId, channel = "employerUnion" }));
        var replayed = await retry.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((string?)first["id"], (string?)replayed["id"]);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));

        var other = await worker.Http.SendAsync(Submit(new { unionId, channel = "employerUnion", note = "另一份" }));
        await other.ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        Assert.Equal(1, await api.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.MembershipApplications, a => a.WorkerId == worker.Id)));
    }

    [Fact]
    public async Task Health_endpoints_answer_without_login()
    {
        var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }
}
