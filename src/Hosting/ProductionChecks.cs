using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Training;
using Changai.WeChat;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Changai.Hosting;

/// <summary>Which of the two executables is starting: they share the checks, the API also needs its own keys.</summary>
public enum ChangaiHost
{
    Api,
    Jobs,
}

/// <summary>
/// Refuses to start a misconfigured service, naming the setting at fault: no key may be missing or malformed anywhere,
/// and in Production the simulator, demo data and demo secrets are not allowed. Both hosts run them (the Jobs host checks
/// what it uses: the database, WeChat, and no demo secret anywhere it is given one).
/// </summary>
public static class ProductionChecks
{
    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment, ChangaiHost host = ChangaiHost.Api)
    {
        var problems = new List<string>();
        var signingKey = configuration["Auth:SigningKey"];
        var personal = configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var wechat = configuration.GetSection(WeChatOptions.SectionName).Get<WeChatOptions>() ?? new WeChatOptions();
        var checkInKey = configuration[$"{TrainingOptions.SectionName}:{nameof(TrainingOptions.CheckInSigningKey)}"];

        if (host == ChangaiHost.Api)
        {
            FindMissingKeys(problems, signingKey, personal, checkInKey);
        }

        if (!environment.IsProduction())
        {
            return problems;
        }

        if (configuration.GetValue<bool>("WeChat:Simulator:Enabled"))
        {
            problems.Add("WeChat:Simulator:Enabled 在生产环境必须为 false");
        }

        if (configuration.GetValue<bool>("DemoData:Enabled"))
        {
            problems.Add("DemoData:Enabled 在生产环境必须为 false");
        }

        if (signingKey == DemoSecrets.SigningKey)
        {
            problems.Add("Auth:SigningKey 使用了演示密钥，生产环境必须更换");
        }

        if (personal.Keys.Values.Contains(DemoSecrets.EncryptionKey) || personal.LookupHashKey == DemoSecrets.LookupHashKey)
        {
            problems.Add("PersonalData 使用了演示密钥，生产环境必须更换");
        }

        if (checkInKey == DemoSecrets.CheckInSigningKey)
        {
            problems.Add("Training:CheckInSigningKey 使用了演示密钥，生产环境必须更换");
        }

        if (string.IsNullOrWhiteSpace(wechat.AppSecret) || wechat.AppSecret == DemoSecrets.WeChatAppSecret)
        {
            problems.Add("WeChat:AppSecret 缺失或使用了演示值");
        }

        if (configuration.GetValue<DatabaseProvider>("Database:Provider") != DatabaseProvider.Postgres)
        {
            problems.Add("Database:Provider 在生产环境必须为 Postgres");
        }

        if (configuration.GetValue<Jobs.JobStore>("Jobs:Store") != Jobs.JobStore.Postgres)
        {
            problems.Add("Jobs:Store 在生产环境必须为 Postgres（任务存储须由各进程共享）");
        }

        return problems;
    }

    /// <summary>Keys only the API uses: each must be present and well-formed in every environment.</summary>
    private static void FindMissingKeys(List<string> problems, string? signingKey, PersonalDataOptions personal, string? checkInKey)
    {
        if (!IsKey(signingKey, 32, exact: false))
        {
            problems.Add("Auth:SigningKey 缺失或无效：需要至少 32 字节的 Base64 密钥");
        }

        if (personal.Keys.Count == 0 || !personal.Keys.ContainsKey(personal.ActiveKeyId))
        {
            problems.Add("PersonalData:ActiveKeyId 缺失或不在 PersonalData:Keys 中");
        }

        problems.AddRange(personal.Keys.Where(k => !IsKey(k.Value, 32, exact: true)).Select(k => $"PersonalData:Keys:{k.Key} 无效：需要 32 字节的 Base64 密钥"));
        if (!IsKey(personal.LookupHashKey, 32, exact: false))
        {
            problems.Add("PersonalData:LookupHashKey 缺失或无效：需要至少 32 字节的 Base64 密钥");
        }

        if (!IsKey(checkInKey, 32, exact: false))
        {
            problems.Add("Training:CheckInSigningKey 缺失或无效：需要至少 32 字节的 Base64 密钥（培训签到二维码签名）");
        }
    }

    /// <summary>Throws with every problem listed, so the operator fixes them in one go.</summary>
    public static void Enforce(IConfiguration configuration, IHostEnvironment environment, ChangaiHost host = ChangaiHost.Api)
    {
        var problems = Find(configuration, environment, host);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("配置有误，服务拒绝启动：" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)));
        }
    }

    private static bool IsKey(string? base64, int bytes, bool exact)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && (exact ? length == bytes : length >= bytes);
    }
}
