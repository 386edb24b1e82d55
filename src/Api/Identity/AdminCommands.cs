using Changai.Api.Infrastructure;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;

namespace Changai.Api.Identity;

/// <summary>
/// Operator commands on the API's own binary, run instead of the web server when the arguments start with <c>admin</c>:
/// <code>dotnet Changai.Api.dll admin bootstrap --username yn.admin --union-code 53 [--display-name …] [--union-name 云南省总工会]</code>
/// The services are those of the API (same configuration, same production checks, same database), built without starting
/// Kestrel; the database is migrated first when <c>Database:MigrateOnStart</c> is on. Logs go to stderr, so stdout holds
/// only what the operator must read — the one-time password, printed once.
/// </summary>
public static class AdminCommands
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    private const string UsageText = """
        用法：
          dotnet Changai.Api.dll admin bootstrap --username <用户名> --union-code <工会代码> [--display-name <姓名>] [--union-name <省总工会名称>]
        创建第一位管理员（全部权限），一次性密码只显示这一次，首次登录须修改。
        工会组织为空时，--union-code 53 --union-name 云南省总工会 同时创建省总工会（行政区划 530000）。
        其余参数按 API 的配置读取（如 --Database:Provider=Postgres），也可用环境变量设置。
        """;

    public sealed record BootstrapRequest(string Username, string UnionCode, string? DisplayName = null, string? UnionName = null);

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        if (args is not ["admin", "bootstrap", .. var rest])
        {
            await stderr.WriteLineAsync(UsageText);
            return Usage;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var configurationArgs = new List<string>();
        string[] known = ["--username", "--union-code", "--display-name", "--union-name"];
        for (var i = 0; i < rest.Length; i++)
        {
            if (known.Contains(rest[i]) && i + 1 < rest.Length)
            {
                options[rest[i]] = rest[++i];
            }
            else
            {
                configurationArgs.Add(rest[i]);
            }
        }

        if (!options.TryGetValue("--username", out var username) || !options.TryGetValue("--union-code", out var unionCode))
        {
            await stderr.WriteLineAsync("缺少 --username 或 --union-code。" + Environment.NewLine + UsageText);
            return Usage;
        }

        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder([.. configurationArgs]);
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddChangaiApi();
            app = builder.Build();
        }
        catch (InvalidOperationException e)
        {
            // The production checks: the same refusal the API gives at start-up, naming every setting at fault.
            await stderr.WriteLineAsync(e.Message);
            return Usage;
        }

        await using (app)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (app.Configuration.GetValue("Database:MigrateOnStart", true))
            {
                await db.Database.MigrateAsync();
            }

            return await BootstrapAsync(
                new BootstrapRequest(username, unionCode, options.GetValueOrDefault("--display-name"), options.GetValueOrDefault("--union-name")),
                db, app.Services.GetRequiredService<TimeProvider>(), stdout, stderr, CancellationToken.None);
        }
    }

    /// <summary>Creates the first officer with every permission at the union; refuses when that union already has someone who manages officers.</summary>
    public static async Task<int> BootstrapAsync(
        BootstrapRequest request, AppDbContext db, TimeProvider time, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        async Task<int> Refuse(string message)
        {
            await stderr.WriteLineAsync("未创建：" + message);
            return Refused;
        }

        if (!OfficerAccountRules.IsValidUsername(request.Username))
        {
            return await Refuse("用户名需 3–32 位，以小写字母开头，只含小写字母、数字和 . _ -");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var union = await db.Unions.SingleOrDefaultAsync(u => u.Code == request.UnionCode, ct);
        if (union is null)
        {
            if (await db.Unions.AnyAsync(ct))
            {
                return await Refuse($"未找到代码为 {request.UnionCode} 的工会");
            }

            if (request.UnionCode != YunnanRegions.ProvinceCode || string.IsNullOrWhiteSpace(request.UnionName))
            {
                return await Refuse($"工会组织为空。请用 --union-code {YunnanRegions.ProvinceCode} --union-name 云南省总工会 同时创建省总工会");
            }

            union = new Union
            {
                Id = Guid.CreateVersion7(), Code = YunnanRegions.ProvinceCode, Name = request.UnionName.Trim(), Kind = UnionKind.Province,
                Path = Union.ChildPath("/", YunnanRegions.ProvinceCode), Depth = 0, RegionCode = "530000", PrefectureCode = YunnanRegions.ProvinceCode,
                AcceptsMembers = false, CreatedAt = now,
            };
            db.Unions.Add(union);
            db.Record(now, AuditTrail.System, null, nameof(Union), union.Id, "organizations.union.bootstrapped", to: union.Code, unionId: union.Id);
        }
        else if (await db.Officers.AnyAsync(o => o.UnionId == union.Id && ((int)o.Permissions & (int)OfficerPermissions.ManageOfficers) != 0, ct))
        {
            return await Refuse($"{union.Name} 已有具备“干部账号管理”权限的干部。请由其在管理台中创建账号或重置密码，不能再次初始化");
        }

        if (await db.Officers.AnyAsync(o => o.Username == request.Username, ct))
        {
            return await Refuse($"用户名“{request.Username}”已被使用，请换一个");
        }

        var password = OfficerAccountRules.TemporaryPassword();
        var officer = new Officer
        {
            Id = Guid.CreateVersion7(), Username = request.Username, PasswordHash = "", UnionId = union.Id,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? union.Name + " 管理员" : request.DisplayName.Trim(),
            Permissions = OfficerPermissions.All | OfficerPermissions.ManageJobs, MustChangePassword = true, CreatedAt = now,
        };
        officer.PasswordHash = OfficerLogin.HashPassword(officer, password);
        db.Officers.Add(officer);
        db.Record(now, AuditTrail.System, null, nameof(Officer), officer.Id, "identity.officer.bootstrapped",
            to: string.Join(",", officer.PermissionNames()), reason: officer.Username, unionId: union.Id);
        await db.SaveChangesAsync(ct);

        await stdout.WriteLineAsync($"已创建管理员：{officer.DisplayName}（{union.Name}，全部权限）");
        await stdout.WriteLineAsync($"用户名：{officer.Username}");
        await stdout.WriteLineAsync($"一次性密码：{password}");
        await stdout.WriteLineAsync("该密码只显示这一次，不会保存或记录；首次登录后须立即修改。");
        return Ok;
    }
}
