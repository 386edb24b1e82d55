using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changai.Api.Tests.Console;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Profiles;

/// <summary>Real names of every kind are accepted; control characters are refused in any text field; counties are real ones.</summary>
public sealed class TextInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("刘䶮")]
    [InlineData("王𠀀")]
    [InlineData("李〇")]
    [InlineData("阿苏·木呷")]
    public async Task Names_in_cjk_extensions_with_ling_and_with_the_middle_dot_are_accepted(string name)
    {
        var worker = await api.NewWorkerAsync();
        var saved = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = name, isEcologicalMigrant = false })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(name, (string?)saved["realName"]);
    }

    [Fact]
    public async Task A_name_with_a_digit_or_a_leading_dot_is_refused_in_chinese()
    {
        var worker = await api.NewWorkerAsync();
        foreach (var name in new[] { "张三1", "·木呷" })
        {
            var problem = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = name, isEcologicalMigrant = false }))
                .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
            Assert.Contains("姓名只能包含汉字", (string?)problem["errors"]!["realName"]![0]);
        }
    }

    [Theory]
    [InlineData("realName", "张\u0000三")]
    [InlineData("realName", "张\u202E三")]
    [InlineData("employer", "云内动力\u2067")]
    [InlineData("occupation", "焊\u0007工")]
    public async Task Control_characters_in_any_text_field_are_refused_naming_the_field(string field, string value)
    {
        var worker = await api.NewWorkerAsync();
        var body = new Dictionary<string, object?> { ["realName"] = "张三", ["isEcologicalMigrant"] = false, [field] = value };
        var problem = await (await worker.Http.PutAsJsonAsync("/api/me/profile", body)).ProblemAsync(HttpStatusCode.BadRequest, "request.forbidden_characters");
        Assert.Contains($"“{field}”", (string?)problem["detail"]);
        Assert.Contains("控制字符", (string?)problem["errors"]![field]![0]);
        var profile = await (await worker.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null((string?)profile["realName"]);
    }

    [Fact]
    public async Task The_rule_reaches_nested_fields_escaped_characters_queries_and_other_endpoints()
    {
        var worker = await api.NewWorkerAsync();
        // Written as a JSON escape, as a client would send it.
        var escaped = new StringContent("{\"realName\":\"张\\u202e三\",\"isEcologicalMigrant\":false}", Encoding.UTF8, "application/json");
        await (await worker.Http.PutAsync("/api/me/profile", escaped)).ProblemAsync(HttpStatusCode.BadRequest, "request.forbidden_characters");

        var query = await (await worker.Http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString("云内\u0000"))).ProblemAsync(HttpStatusCode.BadRequest, "request.forbidden_characters");
        Assert.Contains("keyword", ((System.Text.Json.Nodes.JsonObject)query["errors"]!).Select(e => e.Key));

        var officer = await api.OfficerAsync("km.shi");
        var nested = new StringContent("{\"name\":\"x\",\"quotas\":[{\"countyCode\":\"530111\"},{\"countyCode\":\"5301\\u0000\"}]}", Encoding.UTF8, "application/json");
        var problem = await (await officer.PostAsync("/api/officer/subsidies/programs", nested)).ProblemAsync(HttpStatusCode.BadRequest, "request.forbidden_characters");
        Assert.Contains("quotas[1].countyCode", ((System.Text.Json.Nodes.JsonObject)problem["errors"]!).Select(e => e.Key));
    }

    [Fact]
    public async Task A_console_form_with_a_control_character_is_refused_as_a_page()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        var token = await ConsoleClient.TokenAsync(console, "/console/account/password");
        var response = await console.PostAsync("/console/account/password", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("current", "x\u202Ey"), new("new", "Abcdefgh1234"), new("confirm", "Abcdefgh1234")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“current”", html);
        Assert.Contains("控制字符", html);
    }

    [Theory]
    [InlineData("530111", true)]
    [InlineData("532302", true)]
    [InlineData("530100", false)]
    [InlineData("530199", false)]
    [InlineData("110105", false)]
    public async Task The_county_must_be_one_of_yunnans_counties(string countyCode, bool accepted)
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PutAsJsonAsync("/api/me/profile", new { countyCode, isEcologicalMigrant = false });
        if (accepted)
        {
            Assert.Equal(countyCode, (string?)(await response.ReadJsonAsync(HttpStatusCode.OK))["countyCode"]);
        }
        else
        {
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
            Assert.Contains("GB/T 2260", (string?)problem["errors"]!["countyCode"]![0]);
        }
    }
}
