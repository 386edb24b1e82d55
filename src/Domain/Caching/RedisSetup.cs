using Changai.WeChat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Changai.Domain.Caching;

public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Prefix of every key we write, so deployments (or test instances) sharing one Redis keep apart.</summary>
    public string KeyPrefix { get; set; } = "changai";
}

/// <summary>
/// Redis is optional: configured (ConnectionStrings:Redis) in production so counters and the WeChat access token are shared
/// by every API and Jobs process; absent in the embedded default, where in-memory versions serve.
/// </summary>
public static class RedisSetup
{
    public static IServiceCollection AddRedisIfConfigured(this IServiceCollection services, IConfiguration configuration, IHealthChecksBuilder health)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.AddSingleton<MemoryCounterStore>();
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<ICounterStore>(sp => sp.GetRequiredService<MemoryCounterStore>());
            return services;
        }

        services.AddSingleton(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false; // start even while Redis is down; reconnect in the background
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<ICounterStore, RedisCounterStore>();
        services.AddSingleton<IWeChatAccessTokenCache, RedisWeChatAccessTokenCache>();
        health.AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }

    private sealed class RedisHealthCheck(ConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis 不可用");
            }
        }
    }
}
