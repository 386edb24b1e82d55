using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Changai.Domain.Subsidies;

public static class SubsidiesSetup
{
    /// <summary>Attachment storage and the reminder service; both hosts (API, Jobs) call it, and calling it twice is harmless.</summary>
    public static IServiceCollection AddSubsidies(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SubsidyReminders)))
        {
            return services;
        }

        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName)
            .Validate(o => o.MaxFileBytes > 0 && o.MaxFilesPerApplication > 0 && !string.IsNullOrWhiteSpace(o.Root), "Subsidies:Attachments: Root、MaxFileBytes、MaxFilesPerApplication 须有效")
            .ValidateOnStart();
        services.AddOptions<SubsidyReminderOptions>().BindConfiguration(SubsidyReminderOptions.SectionName)
            .Validate(o => o.CorrectionReminderDays >= 0 && o.ReviewDueSoonDays >= 0 && o.EscalateAfterDays >= 0, "Subsidies:Reminders: 天数不能为负")
            .ValidateOnStart();
        services.TryAddSingleton<IAttachmentStore, LocalDiskAttachmentStore>();
        services.AddScoped<SubsidyReminders>();
        return services;
    }
}
