using Changai.Api.Infrastructure.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Redis is optional: configured (ConnectionStrings:Redis) in production for limits shared across instances, absent in the
/// embedded default. StackExchange.Redis 1.2.6 is the only version the registry here serves (docs/decisions.md); it stays
/// behind <see cref="ICounterStore"/> so it can be swapped.
/// </summary>
public static class Redis
{
    public static IServiceCollection AddRedisIfConfigured(this IServiceCollection services, IConfiguration configuration, IHealthChecksBuilder health)
    {
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
