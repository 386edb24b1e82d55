using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>
/// Where the answers to keyed submissions are kept: in Redis when it is configured (every API process sees them, the
/// database is not written), in the database while Redis cannot be reached. Either way a retry gets the first answer.
/// </summary>
public sealed class IdempotencyStoreTests
{
    private static HttpRequestMessage Apply(Guid unionId, string key, string? note = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications") { Content = JsonContent.Create(new { unionId, channel = "employerUnion", note }) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task With_redis_a_retry_through_another_api_process_gets_the_first_answer_and_the_database_keeps_no_record()
    {
        if (Environment.GetEnvironmentVariable("TEST_REDIS") is null)
        {
            Assert.Fail("TEST_REDIS is not set: run the suite through tests/run.sh, which starts redis-server");
        }

        var shared = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "shared-" + Guid.NewGuid().ToString("N") };
        await using var first = ApiFactory.With(shared);
        await using var second = ApiFactory.With(new Dictionary<string, string?>(shared) { ["ConnectionStrings:Default"] = first.ConnectionString }, wechatVia: first);
        var worker = await first.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var unionId = await first.UnionIdAsync("530111001");
        var viaSecond = second.CreateClient();
        viaSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", worker.AccessToken);

        var answer = await (await worker.Http.SendAsync(Apply(unionId, "apply-redis"))).ReadJsonAsync(HttpStatusCode.Created);
        var retry = await viaSecond.SendAsync(Apply(unionId, "apply-redis"));
        Assert.Equal((string?)answer["id"], (string?)(await retry.ReadJsonAsync(HttpStatusCode.Created))["id"]);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await (await viaSecond.SendAsync(Apply(unionId, "apply-redis", "另一份"))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");

        Assert.Equal(1, await first.WithDbAsync(db => db.MembershipApplications.CountAsync(a => a.WorkerId == worker.Id)));
        Assert.Equal(0, await first.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.SubjectId == worker.Id)));
    }

    [Fact]
    public async Task With_redis_unreachable_the_answer_is_kept_in_the_database_and_a_retry_gets_it()
    {
        // Nothing listens on port 1: every Redis command fails at once, as when Redis is down.
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200" });
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var unionId = await api.UnionIdAsync("530111001");

        var answer = await (await worker.Http.SendAsync(Apply(unionId, "apply-db"))).ReadJsonAsync(HttpStatusCode.Created);
        var retry = await worker.Http.SendAsync(Apply(unionId, "apply-db"));
        Assert.Equal((string?)answer["id"], (string?)(await retry.ReadJsonAsync(HttpStatusCode.Created))["id"]);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await (await worker.Http.SendAsync(Apply(unionId, "apply-db", "另一份"))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");

        Assert.Equal(1, await api.WithDbAsync(db => db.MembershipApplications.CountAsync(a => a.WorkerId == worker.Id)));
        var record = await api.WithDbAsync(db => db.IdempotencyRecords.SingleAsync(r => r.SubjectId == worker.Id));
        Assert.Equal((201, "apply-db"), (record.StatusCode, record.Key));
    }
}
