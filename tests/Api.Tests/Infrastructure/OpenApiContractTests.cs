using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Api.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>
/// The contract the OpenAPI document promises, swept over every documented operation: a body that does not bind is a 400
/// ProblemDetails naming the field, never a 5xx, for every role; schema names are unique; errors are documented as the
/// shared Problem schema. tests/fuzz does the same with generated requests against a running API.
/// </summary>
public sealed class OpenApiContractTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly HttpMethod[] BodyMethods = [HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch];

    private async Task<JsonObject> DocumentAsync() => await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Every_json_body_gets_a_problem_for_an_empty_object_nulls_and_wrong_types_never_a_5xx()
    {
        var document = await DocumentAsync();
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var roles = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = api.CreateClient(),
            ["worker"] = worker.Http,
            ["officer"] = await api.OfficerAsync("km.shi"),
        };
        var failures = new List<string>();
        var sent = 0;
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var schema = operation?["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema is null || !BodyMethods.Any(m => m.Method.Equals(method, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                operations++;
                var url = Regex.Replace(path, @"\{[^}]+\}", Guid.NewGuid().ToString());
                var properties = Resolve(document, schema)["properties"]?.AsObject() ?? [];
                var bodies = new List<(string Case, string Json)> { ("{}", "{}") };
                foreach (var (name, property) in properties)
                {
                    bodies.Add(($"{name}: null", new JsonObject { [name] = null }.ToJsonString()));
                    bodies.Add(($"{name}: wrong type", new JsonObject { [name] = WrongType(Resolve(document, property!)) }.ToJsonString()));
                }

                foreach (var (role, client) in roles)
                {
                    foreach (var (label, json) in bodies)
                    {
                        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                        {
                            Content = new StringContent(json, Encoding.UTF8, "application/json"),
                        });
                        sent++;
                        var status = (int)response.StatusCode;
                        var what = $"{role} {method.ToUpperInvariant()} {path} with {label} → {status}";
                        if (status >= 500)
                        {
                            failures.Add(what + ": " + await response.Content.ReadAsStringAsync());
                        }
                        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            failures.Add(what + $" as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}");
                        }
                        else if (status >= 400 && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"] is null)
                        {
                            failures.Add(what + " without a code");
                        }
                    }
                }
            }
        }

        Assert.True(operations > 30, $"only {operations} operations with a JSON body found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join('\n', failures.Take(40)));
    }

    [Theory]
    [InlineData("/api/quiz/daily/answer", "{}", "optionIds", "选项")]
    [InlineData("/api/quiz/daily/answer", "{\"optionIds\":null}", "optionIds", "选项")]
    [InlineData("/api/quiz/practice/answers", "{\"questionId\":\"0195a3c4-0000-7000-8000-000000000000\"}", "optionIds", "选项")]
    [InlineData("/api/notifications/subscriptions", "{\"code\":\"\"}", "results", "订阅结果")]
    [InlineData("/api/membership/applications", "{\"channel\":\"employerUnion\"}", "unionId", "工会")]
    public async Task A_missing_or_null_field_is_a_400_naming_it_in_chinese(string url, string body, string field, string named)
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var message = (string)problem["errors"]![field]![0]!;
        Assert.Contains(named, message);
        Assert.StartsWith("请填写", message);
        Assert.Equal(message, (string?)problem["detail"]);
    }

    [Fact]
    public async Task A_nested_wrong_type_is_named_by_its_path()
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PostAsync($"/api/quiz/attempts/{Guid.NewGuid()}/submit",
            new StringContent("{\"answers\":[{\"questionId\":\"0195a3c4-0000-7000-8000-000000000000\",\"optionIds\":\"A\"}]}", Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_json");
        Assert.NotNull(problem["errors"]!["answers[0].optionIds"]);
    }

    [Fact]
    public async Task Batch_approve_with_null_ids_and_a_session_without_start_time_are_400s_for_any_officer()
    {
        var own = await api.OfficerAsync("km.shi");
        var other = await api.OfficerAsync("qj.shi");
        var batch = await own.PostAsync("/api/officer/subsidies/applications/batch-approve", new StringContent("{\"ids\":null}", Encoding.UTF8, "application/json"));
        var problem = await batch.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.NotNull(problem["errors"]!["ids"]);

        var courseId = Guid.NewGuid();
        foreach (var officer in new[] { own, other })
        {
            var session = await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/sessions", new { endsAt = DateTimeOffset.UtcNow.AddDays(9), capacity = 30 });
            var missing = await session.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
            Assert.NotNull(missing["errors"]!["startsAt"]);
        }
    }

    [Fact]
    public async Task Optional_fields_may_be_left_out()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        // note is declared string?: a body without it binds.
        var response = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("530111001"), channel = "employerUnion" });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Errors_are_problem_json_whatever_the_accept_header(string accept)
    {
        var anonymous = api.CreateClient();
        anonymous.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        await (await anonymous.GetAsync("/api/me/profile")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        await (await anonymous.GetAsync("/api/me/profile")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");

        var worker = await api.NewWorkerAsync();
        worker.Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        await (await worker.Http.GetAsync("/api/officer/membership/applications")).ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        // A 404 thrown by a handler used to become a 500 when the problem could not be written for this Accept.
        await (await worker.Http.GetAsync("/api/membership/card")).ProblemAsync(HttpStatusCode.NotFound, "membership.not_member");
        await (await worker.Http.PostAsync("/api/auth/wechat-login", new StringContent("{", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_json");
    }

    [Fact]
    public void No_two_types_share_a_schema_name()
    {
        var types = typeof(Program).Assembly.GetTypes().Concat(typeof(Changai.Domain.Common.DomainException).Assembly.GetTypes())
            .Where(t => (t.IsPublic || t.IsNestedPublic) && !t.IsGenericTypeDefinition && !t.Name.Contains('<')
                && (t.IsEnum || (t.IsClass && !t.IsAbstract) || t.IsValueType));
        var clashes = types.GroupBy(OpenApiContract.NameOf).Where(g => g.Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(t => t.FullName))).ToList();
        Assert.True(clashes.Count == 0, "Types sharing a schema name:\n" + string.Join('\n', clashes));
    }

    [Fact]
    public async Task Responses_the_fuzzer_found_mixed_up_now_have_schemas_of_their_own()
    {
        var document = await DocumentAsync();
        string Ref(string path) => (string)document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        var refs = new[] { "/api/me/profile", "/api/notifications/inbox", "/api/training/courses", "/api/officer/subsidies/applications", "/api/unions" }.Select(Ref).ToList();
        Assert.Equal(refs.Count, refs.Distinct().Count());
        var bodies = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Select(o => (string?)o.Value?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]).OfType<string>().ToList();
        Assert.Contains("#/components/schemas/DailyQuestionAnswerRequest", bodies);
        Assert.Contains("#/components/schemas/PracticeAnswerRequest", bodies);
    }

    [Fact]
    public async Task Every_operation_documents_its_errors_as_the_shared_problem_schema()
    {
        var document = await DocumentAsync();
        var problem = document["components"]!["schemas"]![OpenApiContract.ProblemSchema]!;
        Assert.Contains("code", problem["required"]!.AsArray().Select(n => (string?)n));
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                var secured = path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/api/auth/", StringComparison.Ordinal);
                var expected = new List<string> { "503" };
                if (secured)
                {
                    expected.AddRange(["401", "403"]);
                }

                if (path.Contains('{'))
                {
                    expected.Add("404");
                }

                if (method != "get")
                {
                    expected.AddRange(["400", "409", "422"]);
                }

                failures.AddRange(expected.Where(s => responses[s] is null).Select(s => $"{method.ToUpperInvariant()} {path}: {s} not documented"));
                foreach (var (status, response) in responses.Where(r => int.Parse(r.Key) >= 400))
                {
                    if ((string?)response!["content"]?["application/problem+json"]?["schema"]?["$ref"] != "#/components/schemas/Problem")
                    {
                        failures.Add($"{method.ToUpperInvariant()} {path}: {status} is not the Problem schema");
                    }
                }
            }
        }

        Assert.Contains("429", document["paths"]!["/api/auth/officer-login"]!["post"]!["responses"]!.AsObject().Select(r => r.Key));
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
    }

    private static JsonNode Resolve(JsonObject document, JsonNode schema)
    {
        for (var depth = 0; depth < 10 && schema["$ref"] is { } reference; depth++)
        {
            schema = document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!;
        }

        return schema;
    }

    /// <summary>A JSON value of a type the schema does not allow (a number for a string, a string for a number …).</summary>
    private static JsonNode WrongType(JsonNode schema)
    {
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => (string?)t).ToHashSet(),
            JsonValue one => [(string?)one],
            _ => schema["oneOf"] is not null || schema["enum"] is not null ? ["string"] : ["object"],
        };
        if (types.Contains("string"))
        {
            return types.Contains("integer") || types.Contains("number") ? new JsonObject { ["不是"] = "数字" } : 12345;
        }

        return types.Contains("integer") || types.Contains("number") ? "不是数字" : types.Contains("boolean") ? "是" : types.Contains("array") ? new JsonObject { ["x"] = 1 } : new JsonArray(1);
    }
}
