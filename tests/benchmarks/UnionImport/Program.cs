// union-import benchmark driver.
//   generate <file.xlsx> <unions>                     a valid tree: the 16 prefectures → counties → grassroots unions
//   import <base-url> <username> <password> <file>    changes the one-time password, then dry run and import over HTTP
//   tree <base-url> <username> <password>             the tree editor on the imported tree: levels with grouped counts
//                                                     beside the same counts one node at a time, search, a county moved
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
    ["tree", var baseUrl, var username, var password] => await TreeAsync(baseUrl, username, password),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate <file.xlsx> <unions> | import <base-url> <username> <password> <file.xlsx> | tree <base-url> <username> <password>");
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

static async Task<int> TreeAsync(string baseUrl, string username, string password)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
    var login = await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password })).Content.ReadFromJsonAsync<JsonObject>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login!["accessToken"]!);

    async Task<JsonNode> GetAsync(string path)
    {
        var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)! : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
    }

    // Median of five runs after one warm-up: the machine is shared, single runs wander.
    async Task<double> MedianAsync(Func<Task> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[2];
    }

    JsonArray Items(JsonNode page) => page["items"]!.AsArray();
    var root = Items(await GetAsync("/api/officer/unions"))[0]!;
    var prefectures = Items(await GetAsync($"/api/officer/unions?parentId={root["id"]}&pageSize=200"));
    var prefecture = prefectures[0]!;
    var counties = Items(await GetAsync($"/api/officer/unions?parentId={prefecture["id"]}&pageSize=200"));
    var county = counties[0]!;
    var grassroots = Items(await GetAsync($"/api/officer/unions?parentId={county["id"]}&pageSize=200"));
    Console.WriteLine($"province: {root["members"]} members, {root["pendingApplications"]} pending; {prefectures.Count} prefectures; " +
        $"{prefecture["name"]}: {counties.Count} counties; {county["name"]}: {grassroots.Count} unions shown of {county["children"]}");

    Console.WriteLine("| level expanded | nodes | one request, grouped counts | the same counts one node at a time | ratio |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (label, parent, children) in new[] { ("province → prefectures", root, prefectures), ("prefecture → counties", prefecture, counties), ("county → grassroots", county, grassroots) })
    {
        var grouped = await MedianAsync(() => GetAsync($"/api/officer/unions?parentId={parent["id"]}&pageSize=200"));
        var perNode = await MedianAsync(async () =>
        {
            foreach (var child in children)
            {
                await GetAsync($"/api/officer/unions/{child!["id"]}");
            }
        });
        Console.WriteLine($"| {label} | {children.Count} | {grouped:F0} ms | {perNode:F0} ms | {perNode / grouped:F1}× |");
    }

    var search = await MedianAsync(() => GetAsync("/api/officer/unions/search?keyword=" + Uri.EscapeDataString("第7号")));
    Console.WriteLine($"search “第7号” (first page of {(await GetAsync("/api/officer/unions/search?keyword=" + Uri.EscapeDataString("第7号")))["total"]} hits): {search:F0} ms");

    // A county with its grassroots unions (and their members and applications) into another prefecture, and back.
    var target = prefectures[1]!;
    var targetRegion = ((string)target["regionCode"]!)[..4] + "99";
    foreach (var (to, region) in new[] { (target, targetRegion), (prefecture, (string)county["regionCode"]!) })
    {
        var watch = Stopwatch.StartNew();
        var moved = await http.PostAsJsonAsync($"/api/officer/unions/{county["id"]}/move", new { newParentId = (string)to["id"]!, regionCode = region, reason = "benchmark" });
        watch.Stop();
        var body = await moved.Content.ReadAsStringAsync();
        if (!moved.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"move: {(int)moved.StatusCode} {body}");
            return 1;
        }

        var detail = JsonNode.Parse(body)!["union"]!;
        Console.WriteLine($"move {county["name"]} ({(int)detail["children"]! + 1} unions, {detail["members"]} members, {detail["pendingApplications"]} pending) under {to["name"]}: {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    return 0;
}

