using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.DemoData;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>A logged-in worker, as the mini-program holds one: an HTTP client with the bearer token.</summary>
public sealed record WorkerSession(HttpClient Http, string OpenId, string AccessToken, string RefreshToken, Guid Id);

/// <summary>Drives the API the way the mini-program and the officer console do, through the WeChat simulator for codes.</summary>
public static class Actors
{
    public static async Task<WorkerSession> NewWorkerAsync(this ApiFactory api, string? openId = null)
    {
        var anonymous = api.CreateClient();
        var code = await (await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { openid = openId })).ReadJsonAsync();
        var login = await anonymous.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! });
        var body = await login.ReadJsonAsync(HttpStatusCode.OK);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["accessToken"]!);
        return new WorkerSession(http, (string)code["openid"]!, (string)body["accessToken"]!, (string)body["refreshToken"]!, Guid.Parse((string)body["worker"]!["id"]!));
    }

    /// <summary>Consents, fills the profile with a valid ID number and binds a phone through the simulator.</summary>
    public static async Task CompleteIdentityAsync(this WorkerSession worker, string? idNumber = null, string? phone = null, string name = "李秀兰")
    {
        await worker.Http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }).Expect(HttpStatusCode.OK);
        await worker.Http.PutAsJsonAsync("/api/me/profile", new
        {
            realName = name, idNumber = idNumber ?? IdNumbers.Random(), employer = "云南云内动力集团有限公司", industrySection = "C",
            occupation = "装配钳工", skillLevel = "level4", employmentForm = "labourContract", countyCode = "530111", isEcologicalMigrant = false,
        }).Expect(HttpStatusCode.OK);
        var phoneCode = await (await worker.Http.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = phone ?? Phones.Random() })).ReadJsonAsync();
        await worker.Http.PostAsJsonAsync("/api/me/phone", new { code = (string)phoneCode["code"]! }).Expect(HttpStatusCode.OK);
    }

    public static async Task<HttpClient> OfficerAsync(this ApiFactory api, string username)
    {
        var http = api.CreateClient();
        var login = await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password = DemoDataSeeder.DefaultPassword });
        var body = await login.ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["accessToken"]!);
        return http;
    }

    public static Task<Guid> UnionIdAsync(this ApiFactory api, string code) =>
        api.WithDbAsync(db => db.Unions.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    /// <summary>A worker with a complete identity who applied to a union; returns the application id.</summary>
    public static async Task<Guid> ApplyAsync(this ApiFactory api, WorkerSession worker, string unionCode = "530111001", string channel = "employerUnion")
    {
        var response = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync(unionCode), channel });
        return Guid.Parse((string)(await response.ReadJsonAsync(HttpStatusCode.Created))["id"]!);
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (expected is { } status)
        {
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonNode> ReadNodeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<HttpResponseMessage> Expect(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call;
        if (response.StatusCode != expected)
        {
            Assert.Fail($"expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    /// <summary>Asserts a ProblemDetails with the given status and stable code; returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ReadJsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }
}

/// <summary>Valid resident ID numbers, computed independently of the code under test (GB 11643, ISO 7064 MOD 11-2).</summary>
public static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string Random(string region = "530102")
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(System.Random.Shared.Next(0, 365 * 35));
        var body = region + birth.ToString("yyyyMMdd") + System.Random.Shared.Next(0, 1000).ToString("D3");
        return body + Check(body);
    }

    public static char Check(string first17)
    {
        var sum = first17.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return "10X98765432"[sum % 11];
    }

    public static string WithWrongCheck(string valid)
    {
        var wrong = "0123456789X".First(c => c != valid[17]);
        return valid[..17] + wrong;
    }
}

public static class Phones
{
    public static string Random() => "139" + System.Random.Shared.Next(0, 100_000_000).ToString("D8");
}
