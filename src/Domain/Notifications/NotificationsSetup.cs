using Microsoft.Extensions.DependencyInjection;

namespace Changai.Domain.Notifications;

public static class NotificationsSetup
{
    /// <summary>Template mappings and the dispatcher; both hosts (API, Jobs) register them.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName)
            .Validate(o => o.BatchSize is > 0 and <= 1000 && o.LeaseSeconds >= 10 && o.MaxAttempts >= 1 && o.Senders is >= 1 and <= 64,
                "Notifications: BatchSize 1–1000, LeaseSeconds ≥ 10, MaxAttempts ≥ 1, Senders 1–64")
            .Validate(o => o.Templates.Values.All(t => !string.IsNullOrWhiteSpace(t.TemplateId) && t.Fields.Count > 0), "Notifications:Templates: 每个模板都需要 TemplateId 和 Fields")
            .ValidateOnStart();
        services.AddScoped<NotificationDispatcher>();
        services.AddScoped<OfficerDigest>();
        services.AddSingleton<SendThrottle>();
        return services;
    }
}
