using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Changai.Domain.Sheets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Identity;

/// <summary>Officer accounts imported from a sheet: dry run, all or nothing, re-import, activation codes, activation.</summary>
public sealed class OfficerImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string Name(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}";

    private Task<int> OfficerCountAsync() => api.WithDbAsync(db => db.Officers.CountAsync());

    private Task<int> AuditCountAsync() => api.WithDbAsync(db => db.AuditRecords.CountAsync());

    [Fact]
    public async Task The_template_has_the_zh_CN_header_and_no_password_column()
    {
        var officer = await api.OfficerAsync("km.shi");
        var xlsx = await officer.GetAsync("/api/officer/officers/import/template").Expect(HttpStatusCode.OK);
        var header = Xlsx.Read(await xlsx.Content.ReadAsByteArrayAsync())[0].Cells;
        Assert.Equal(["用户名", "姓名", "所属工会代码", "权限", "手机号"], header);
        var csv = await officer.GetStringAsync("/api/officer/officers/import/template?format=csv");
        Assert.DoesNotContain("密码", csv, StringComparison.Ordinal);
        await (await officer.GetAsync("/api/officer/officers/import/template?format=doc")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Bad_rows_are_named_by_row_and_column_and_nothing_is_written()
    {
        var officer = await api.OfficerAsync("km.shi");
        var good = Name("wh");
        var rows = new[]
        {
            new[] { good, "五华区 审核员", "530102", "入会审核", "13900001111" },
            ["Bad User", "某人", "530102", "入会审核", ""],
            [Name("qj"), "曲靖某人", "530302", "入会审核、后台任务管理", "1390000"],
        };
        var (officers, audits) = (await OfficerCountAsync(), await AuditCountAsync());

        var dry = await (await officer.PostAsync("/api/officer/officers/import/dry-run", OfficerSheets.Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        var errors = dry["errors"]!.AsArray().Select(e => $"{(int)e!["row"]!}|{(string)e["column"]!}|{(string)e["message"]!}").ToList();
        Assert.Contains("3|用户名|“Bad User”不符合要求：需 3–32 位，以小写字母开头，只含小写字母、数字和 . _ -", errors);
        Assert.Contains("4|手机号|“1390000”不是有效的手机号（11 位，以 1 开头）", errors);
        Assert.Equal(2, errors.Count); // row 4 is refused for its phone before its union or permissions are looked at
        Assert.Empty(dry["activations"]!.AsArray());
        Assert.Equal((1, "create"), ((int)dry["created"]!, (string)dry["items"]![0]!["action"]!));
        Assert.Equal("139****1111", (string?)dry["items"]![0]!["maskedPhone"]);

        var refused = await officer.PostAsync("/api/officer/officers/import", OfficerSheets.Upload(rows));
        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "officers.import.invalid");
        Assert.Contains("第 3 行「用户名」", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(problem["errors"]!["rows"]!.AsArray(), r => ((string)r!).StartsWith("第 4 行「手机号」", StringComparison.Ordinal));
        Assert.Equal((officers, audits), (await OfficerCountAsync(), await AuditCountAsync()));
        Assert.False(await api.WithDbAsync(db => db.Officers.AnyAsync(o => o.Username == good)));
    }

    [Fact]
    public async Task Only_held_permissions_and_unions_inside_the_subtree_can_be_granted()
    {
        var officer = await api.OfficerAsync("km.shi");
        var dry = await (await officer.PostAsync("/api/officer/officers/import/dry-run", OfficerSheets.Upload(
        [
            [Name("km"), "某人", "5301", "后台任务管理", ""],
            [Name("qj"), "某人", "530302", "入会审核", ""],
        ]))).ReadJsonAsync(HttpStatusCode.OK);
        var errors = dry["errors"]!.AsArray().Select(e => $"{(int)e!["row"]!}|{(string)e["column"]!}|{(string)e["message"]!}").ToList();
        Assert.Equal(["2|权限|您本人没有“后台任务管理”权限，不能授予", "3|所属工会代码|未找到代码为 530302 的工会，或该工会不在您的管辖范围内"], errors);

        // Without 干部账号管理 the import is not reachable at all.
        var quiz = await api.OfficerAsync("km.quiz");
        await (await quiz.PostAsync("/api/officer/officers/import/dry-run", OfficerSheets.Upload([[Name("x"), "某人", "5301", "知识竞答管理", ""]])))
            .ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task The_import_gives_each_new_account_an_activation_code_once_and_again_changes_nothing()
    {
        var officer = await api.OfficerAsync("km.shi");
        var (a, b) = (Name("wh"), Name("yn"));
        var rows = new[] { new[] { a, "五华区 审核员 甲", "530102", "入会审核、补助审核", "13900002222" }, [b, "云内动力 干事 乙", "530102001", "入会审核", ""] };
        var report = await (await officer.PostAsync("/api/officer/officers/import", OfficerSheets.Upload(rows, xlsx: true))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((false, 2, 0, 0), ((bool)report["dryRun"]!, (int)report["created"]!, (int)report["updated"]!, (int)report["unchanged"]!));
        var activations = report["activations"]!.AsArray();
        Assert.Equal([a, b], activations.Select(x => (string)x!["username"]!));
        var code = (string)activations[0]!["activationCode"]!;
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", code);

        // Stored: no usable password, the code only as a hash, the phone encrypted with its keyed hash.
        var stored = await api.WithDbAsync(db => db.Officers.SingleAsync(o => o.Username == a));
        Assert.Equal(("", OfficerPermissions.ReviewMembership | OfficerPermissions.ReviewSubsidies), (stored.PasswordHash, stored.Permissions));
        Assert.NotNull(stored.ActivationCodeHash);
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored.ActivationCodeHash, StringComparison.Ordinal);
        Assert.DoesNotContain("13900002222", stored.PhoneCipher!, StringComparison.Ordinal);
        Assert.NotNull(stored.PhoneHash);
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "identity.officer.imported" && r.EntityId == stored.Id)));
        await (await api.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = a, password = "AnyGuess2026" }))
            .ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");

        var audits = await AuditCountAsync();
        var again = await (await officer.PostAsync("/api/officer/officers/import", OfficerSheets.Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, 2), ((int)again["created"]!, (int)again["updated"]!, (int)again["unchanged"]!));
        Assert.Empty(again["activations"]!.AsArray());
        Assert.Equal(audits, await AuditCountAsync());
        Assert.Equal(stored.ActivationCodeHash, await api.WithDbAsync(db => db.Officers.Where(o => o.Username == a).Select(o => o.ActivationCodeHash).SingleAsync()));

        rows[1][3] = "入会审核、培训管理";
        var changed = await (await officer.PostAsync("/api/officer/officers/import", OfficerSheets.Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 1, 1), ((int)changed["created"]!, (int)changed["updated"]!, (int)changed["unchanged"]!));
        Assert.Equal(OfficerPermissions.ReviewMembership | OfficerPermissions.ManageTraining,
            await api.WithDbAsync(db => db.Officers.Where(o => o.Username == b).Select(o => o.Permissions).SingleAsync()));
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "identity.officer.import_updated" && r.Reason == b)));
    }

    [Fact]
    public async Task Activation_sets_the_password_once_and_a_wrong_or_spent_code_opens_nothing()
    {
        var officer = await api.OfficerAsync("km.shi");
        var username = Name("gd");
        var code = (await OfficerSheets.ImportAsync(officer, [username, "官渡区 审核员", "530111", "入会审核", ""]))[username];
        var anonymous = api.CreateClient();

        async Task<HttpResponseMessage> ActivateAsync(string user, string activationCode, string password = "Guandu2026own") =>
            await anonymous.PostAsJsonAsync("/api/auth/officer-activation", new { username = user, activationCode, newPassword = password, confirmPassword = password });

        await (await ActivateAsync(username, "AAAA-BBBB-CCCC")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
        await (await ActivateAsync(Name("nobody"), code)).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
        var weak = await (await ActivateAsync(username, code, "short")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("密码至少 10 位", weak["errors"]!["newPassword"]!.AsArray().Select(e => (string)e!));

        // Typed loosely (lower case, no dashes) it still matches; the answer is a token pair, as a login's.
        var activated = await (await ActivateAsync(username, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((username, "官渡区总工会"), ((string)activated["officer"]!["username"]!, (string)activated["officer"]!["unionName"]!));
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)activated["accessToken"]!);
        await http.GetAsync("/api/officer/membership/applications").Expect(HttpStatusCode.OK);

        await (await ActivateAsync(username, code)).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
        await anonymous.PostAsJsonAsync("/api/auth/officer-login", new { username, password = "Guandu2026own" }).Expect(HttpStatusCode.OK);
        var account = await api.WithDbAsync(db => db.Officers.SingleAsync(o => o.Username == username));
        Assert.Equal((null, false), (account.ActivationCodeHash, account.MustChangePassword));
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "identity.officer.activated" && r.EntityId == account.Id)));
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_a_password_reset_ends_the_code()
    {
        var officer = await api.OfficerAsync("km.shi");
        var (late, reset) = (Name("late"), Name("reset"));
        var codes = await OfficerSheets.ImportAsync(officer, [late, "某人", "530102", "入会审核", ""], [reset, "某人", "530102", "入会审核", ""]);
        await api.WithDbAsync(db => db.Officers.Where(o => o.Username == late)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ActivationExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var anonymous = api.CreateClient();
        var expired = await anonymous.PostAsJsonAsync("/api/auth/officer-activation",
            new { username = late, activationCode = codes[late], newPassword = "Late2026pass", confirmPassword = "Late2026pass" });
        await expired.ProblemAsync(HttpStatusCode.Forbidden, "auth.activation_expired");

        var (console, _) = await Console.ConsoleClient.LoginAsync(api, "km.shi");
        var id = await api.WithDbAsync(db => db.Officers.Where(o => o.Username == reset).Select(o => o.Id).SingleAsync());
        var token = await Console.ConsoleClient.TokenAsync(console, "/console/officers");
        await console.PostAsync($"/console/officers/{id}/reset-password", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])).Expect(HttpStatusCode.OK);
        var spent = await anonymous.PostAsJsonAsync("/api/auth/officer-activation",
            new { username = reset, activationCode = codes[reset], newPassword = "Reset2026pass", confirmPassword = "Reset2026pass" });
        await spent.ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
    }

    /// <summary>The API on a clock that moves only when told, so a wait earned by wrong codes cannot run out mid-test.</summary>
    private sealed class FrozenClockApi : ApiFactory
    {
        public Console.ConsoleSessionTests.ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task Wrong_codes_are_throttled_like_wrong_passwords()
    {
        await using var frozen = new FrozenClockApi();
        var officer = await frozen.OfficerAsync("km.shi");
        var username = Name("guess");
        var code = (await OfficerSheets.ImportAsync(officer, [username, "某人", "530102", "入会审核", ""]))[username];
        var anonymous = frozen.CreateClient();
        Task<HttpResponseMessage> TryAsync(string activationCode) => anonymous.PostAsJsonAsync("/api/auth/officer-activation",
            new { username, activationCode, newPassword = "Guess2026pass", confirmPassword = "Guess2026pass" });

        // The free wrong tries of a source (5 by default), then a wait: 429 with Retry-After, even for the right code.
        for (var i = 0; i < 6; i++)
        {
            await (await TryAsync($"WRNG-{i:D4}-CODE")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
        }

        var waiting = await TryAsync(code);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.NotNull(waiting.Headers.RetryAfter);
        Assert.NotNull(await frozen.WithDbAsync(db => db.Officers.Where(o => o.Username == username).Select(o => o.ActivationCodeHash).SingleAsync()));

        frozen.Clock.Advance(TimeSpan.FromSeconds(2));
        await TryAsync(code).Expect(HttpStatusCode.OK);
    }
}

/// <summary>Builds officer import sheets and imports them, for the tests that need an imported account.</summary>
internal static class OfficerSheets
{
    public static MultipartFormDataContent Upload(IEnumerable<string[]> rows, bool xlsx = false)
    {
        IReadOnlyList<string>[] sheet = [OfficerSheet.Header, .. rows];
        var file = new ByteArrayContent(xlsx ? Xlsx.Write("干部账号", sheet) : Csv.Write(sheet));
        file.Headers.ContentType = new MediaTypeHeaderValue(xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        return new MultipartFormDataContent { { file, "file", xlsx ? "干部账号.xlsx" : "干部账号.csv" } };
    }

    /// <summary>Imports the rows; returns each new account's activation code by username.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ImportAsync(HttpClient officer, params string[][] rows)
    {
        var report = await (await officer.PostAsync("/api/officer/officers/import", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        return report["activations"]!.AsArray().ToDictionary(a => (string)a!["username"]!, a => (string)a!["activationCode"]!);
    }

    /// <summary>Imports one account and activates it; returns a client holding its token.</summary>
    public static async Task<HttpClient> ActivatedAsync(ApiFactory api, HttpClient importer, string username, string unionCode, string permissions)
    {
        var code = (await ImportAsync(importer, [username, "导入的干部", unionCode, permissions, ""]))[username];
        var http = api.CreateClient();
        var activated = await (await http.PostAsJsonAsync("/api/auth/officer-activation",
            new { username, activationCode = code, newPassword = "Imported2026", confirmPassword = "Imported2026" })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)activated["accessToken"]!);
        return http;
    }
}
