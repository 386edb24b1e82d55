using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Changai.Console.Tests.Infrastructure;

/// <summary>Drives the JSON API as the mini-program does (workers through the WeChat simulator) to set the scene for the console.</summary>
public sealed class ApiClient(Uri baseAddress)
{
    public sealed record Applicant(HttpClient Http, Guid ApplicationId, string Name, string IdNumber, string Phone = "");

    public HttpClient Anonymous() => new() { BaseAddress = baseAddress };

    /// <summary>A worker who logs in, consents, fills a complete profile working in 官渡区, binds a phone and applies to a union.</summary>
    public async Task<Applicant> ApplyAsync(string name, string unionKeyword = "云内动力")
    {
        var (http, idNumber, phone) = await WorkerAsync(name);
        var unions = await ReadAsync(await http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(unionKeyword)));
        var unionId = (string)unions["items"]![0]!["id"]!;
        var applied = await ReadAsync(await http.PostAsJsonAsync("/api/membership/applications", new { unionId, channel = "employerUnion" }), HttpStatusCode.Created);
        return new Applicant(http, Guid.Parse((string)applied["id"]!), name, idNumber, phone);
    }

    /// <summary>A worker signed in with a completed profile (consent, ID number, verified phone), not yet a member.</summary>
    public async Task<(HttpClient Http, string IdNumber, string Phone)> WorkerAsync(string name, string? idNumber = null, string? phone = null)
    {
        var http = Anonymous();
        var code = await ReadAsync(await http.PostAsJsonAsync("/wechat-sim/dev/login-code", new { openid = (string?)null }));
        var login = await ReadAsync(await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! }));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        await ReadAsync(await http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }));
        idNumber ??= IdNumbers.Random("530111");
        await ReadAsync(await http.PutAsJsonAsync("/api/me/profile", new
        {
            realName = name, idNumber, employer = "云南云内动力集团有限公司", industrySection = "C", occupation = "装配钳工",
            skillLevel = "level4", employmentForm = "labourContract", countyCode = "530111", isEcologicalMigrant = false,
        }));
        phone ??= "139" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var phoneCode = await ReadAsync(await http.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = phone }));
        await ReadAsync(await http.PostAsJsonAsync("/api/me/phone", new { code = (string)phoneCode["code"]! }));
        return (http, idNumber, phone);
    }

    /// <summary>An officer's API session (bearer token), to check what the console did through the API's own eyes.</summary>
    public async Task<HttpClient> OfficerAsync(string username)
    {
        var http = Anonymous();
        var login = await ReadAsync(await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password = ConsoleFixture.Password }));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        return http;
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonNode> ReadNodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

/// <summary>Valid resident ID numbers (GB 11643, ISO 7064 MOD 11-2), computed independently of the code under test.</summary>
public static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string Random(string region)
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(System.Random.Shared.Next(0, 365 * 25));
        var body = region + birth.ToString("yyyyMMdd") + System.Random.Shared.Next(0, 1000).ToString("D3");
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
