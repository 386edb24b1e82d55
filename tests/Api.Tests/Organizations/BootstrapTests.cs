using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Changai.Api.Identity;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Organizations;

/// <summary>The first administrator of an empty database, made with the command an operator runs on the API's binary.</summary>
public sealed class BootstrapTests : IAsyncLifetime
{
    private readonly ApiFactory api = ApiFactory.With(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    public Task InitializeAsync()
    {
        _ = api.Server; // starts the API: the database is migrated, and stays empty
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<(int Exit, string Out, string Error)> BootstrapAsync(AdminCommands.BootstrapRequest request)
    {
        using var scope = api.Services.CreateScope();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await AdminCommands.BootstrapAsync(request, scope.ServiceProvider.GetRequiredService<AppDbContext>(), TimeProvider.System, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Bootstrap_creates_the_province_and_its_first_administrator_once()
    {
        var withoutName = await BootstrapAsync(new("yn.admin", "53"));
        Assert.Equal(AdminCommands.Refused, withoutName.Exit);
        Assert.Contains("--union-name 云南省总工会", withoutName.Error, StringComparison.Ordinal);

        var (exit, output, _) = await BootstrapAsync(new("yn.admin", "53", "省总工会 系统管理员", "云南省总工会"));
        Assert.Equal(AdminCommands.Ok, exit);
        var password = System.Text.RegularExpressions.Regex.Match(output, "一次性密码：(\\S+)").Groups[1].Value;
        Assert.Matches("^[A-Za-z0-9]{12}$", password);

        var officer = await api.WithDbAsync(db => db.Officers.SingleAsync(o => o.Username == "yn.admin"));
        Assert.Equal(OfficerPermissions.All | OfficerPermissions.ManageJobs, officer.Permissions);
        Assert.True(officer.MustChangePassword);
        Assert.DoesNotContain(password, officer.PasswordHash, StringComparison.Ordinal);
        var root = await api.WithDbAsync(db => db.Unions.SingleAsync());
        Assert.Equal(("53", "/53/", "530000", UnionKind.Province), (root.Code, root.Path, root.RegionCode, root.Kind));
        Assert.Equal(2, await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action.EndsWith(".bootstrapped"))));

        var again = await BootstrapAsync(new("yn.admin2", "53"));
        Assert.Equal(AdminCommands.Refused, again.Exit);
        Assert.Contains("已有具备“干部账号管理”权限的干部", again.Error, StringComparison.Ordinal);
        Assert.Empty(again.Out);
        Assert.Equal(1, await api.WithDbAsync(db => db.Officers.CountAsync()));

        var unknown = await BootstrapAsync(new("km.admin", "5301"));
        Assert.Equal(AdminCommands.Refused, unknown.Exit);
        Assert.Contains("未找到代码为 5301 的工会", unknown.Error, StringComparison.Ordinal);

        // The administrator logs in and must choose a password before anything else.
        var http = api.CreateClient();
        var login = await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username = "yn.admin", password })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        await (await http.GetAsync("/api/officer/unions/import/template")).ProblemAsync(HttpStatusCode.Forbidden, "auth.password_change_required");
        var changed = await (await http.PostAsJsonAsync("/api/officer/password",
            new { currentPassword = password, newPassword = "Yunnan2026first", confirmPassword = "Yunnan2026first" })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)changed["accessToken"]!);
        await http.GetAsync("/api/officer/unions/import/template").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_command_line_runs_against_the_configured_database_and_refuses_a_second_run()
    {
        string[] settings =
        [
            "--environment=Development", "--contentRoot=" + ApiProjectDirectory(), "--DemoData:Enabled=false", "--WeChat:Simulator:Enabled=false", "--Jobs:InProcess=false",
            "--Database:Provider=" + (ApiFactory.UsesPostgres ? "Postgres" : "Sqlite"), "--ConnectionStrings:Default=" + api.ConnectionString,
            "--ConnectionStrings:Redis=",
        ];
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var first = await AdminCommands.RunAsync(["admin", "bootstrap", "--username", "yn.ops", "--union-code", "53", "--union-name", "云南省总工会", .. settings], stdout, stderr);
        Assert.True(first == AdminCommands.Ok, stderr.ToString());
        Assert.Contains("一次性密码：", stdout.ToString(), StringComparison.Ordinal);

        var (again, againError) = (new StringWriter(), new StringWriter());
        Assert.Equal(AdminCommands.Refused, await AdminCommands.RunAsync(["admin", "bootstrap", "--username", "yn.ops2", "--union-code", "53", .. settings], again, againError));
        Assert.Contains("不能再次初始化", againError.ToString(), StringComparison.Ordinal);
        Assert.Empty(again.ToString());
        Assert.Equal(1, await api.WithDbAsync(db => db.Officers.CountAsync()));
    }

    /// <summary>The API's project folder, so the command reads the same appsettings files as <c>dotnet run --project src/Api</c>.</summary>
    internal static string ApiProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Changai.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Changai.slnx not found above the test binaries"), "src", "Api");
    }

    [Fact]
    public async Task Without_its_arguments_the_command_prints_its_usage()
    {
        var stderr = new StringWriter();
        Assert.Equal(AdminCommands.Usage, await AdminCommands.RunAsync(["admin", "bootstrap", "--username", "x"], new StringWriter(), stderr));
        Assert.Contains("用法", stderr.ToString(), StringComparison.Ordinal);
    }
}
