// union-import benchmark driver.
//   generate <file.xlsx> <unions>                     a valid tree: the 16 prefectures → counties → grassroots unions
//   import <base-url> <username> <password> <file>    changes the one-time password, then dry run and import over HTTP
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;

return args switch
{
    ["generate", var file, var count] => Generate(file, int.Parse(count)),
    ["import", var baseUrl, var username, var password, var file] => await ImportAsync(baseUrl, username, password, file),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate <file.xlsx> <unions> | import <base-url> <username> <password> <file.xlsx>");
    return 2;
}

static int Generate(string file, int total)
{
    const int countiesPerPrefecture = 8;
    var prefectures = YunnanRegions.Prefectures;
    var grassroots = total - prefectures.Count * (1 + countiesPerPrefecture);
    var perCounty = (int)Math.Ceiling(grassroots / (double)(prefectures.Count * countiesPerPrefecture));
    var sequence = 0;
    string Code(UnionKind kind, string region) => CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}{region}MC{++sequence:D7}");

    IEnumerable<IReadOnlyList<string>> Rows()
    {
        yield return UnionSheet.Header;
        var written = 0;
        foreach (var (prefecture, name) in prefectures)
        {
            var prefectureCode = Code(UnionKind.Prefecture, prefecture + "00");
            yield return [name + "总工会", prefectureCode, YunnanRegions.ProvinceCode, prefecture + "00", "州(市)总工会", "", "", "1950-01-01", "", ""];
            written++;
            for (var c = 1; c <= countiesPerPrefecture; c++)
            {
                var county = $"{prefecture}{c:D2}";
                var countyCode = Code(UnionKind.County, county);
                yield return [$"{name}第{c}县总工会", countyCode, prefectureCode, county, "县级总工会", "", "", "1980-01-01", "", ""];
                written++;
                for (var g = 1; g <= perCounty && written < total; g++, written++)
                {
                    yield return
                    [
                        $"{county}第{g}号企业工会", Code(UnionKind.Grassroots, county), countyCode, county, "基层工会", $"{county}第{g}号企业有限公司",
                        "C", "2015-06-01", "联系人", $"139{sequence:D8}",
                    ];
                }
            }
        }
    }

    using var stream = File.Create(file);
    Xlsx.Write(stream, "工会", Rows());
    Console.WriteLine($"wrote {file}: {new FileInfo(file).Length / 1024} KiB");
    return 0;
}

static async Task<int> ImportAsync(string baseUrl, string username, string password, string file)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(20) };
    var login = await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password })).Content.ReadFromJsonAsync<JsonObject>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login!["accessToken"]!);
    // The bootstrap password must be changed before anything else opens.
    var changed = await http.PostAsJsonAsync("/api/officer/password", new { currentPassword = password, newPassword = "Bench2026union", confirmPassword = "Bench2026union" });
    var tokens = await changed.Content.ReadFromJsonAsync<JsonObject>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens!["accessToken"]!);

    var bytes = await File.ReadAllBytesAsync(file);
    foreach (var (label, path) in new[] { ("dry run", "/api/officer/unions/import/dry-run"), ("import", "/api/officer/unions/import"), ("re-import", "/api/officer/unions/import") })
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", Path.GetFileName(file) } };
        var watch = Stopwatch.StartNew();
        var response = await http.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{label}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
            return 1;
        }

        var report = JsonNode.Parse(body)!;
        Console.WriteLine($"{label,-10} {watch.Elapsed.TotalSeconds,7:F1} s  rows {report["rows"]}  created {report["created"]}  updated {report["updated"]}  unchanged {report["unchanged"]}  errors {report["errors"]!.AsArray().Count}");
    }

    return 0;
}
