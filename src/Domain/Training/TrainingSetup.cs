using Microsoft.Extensions.DependencyInjection;

namespace Changai.Domain.Training;

public static class TrainingSetup
{
    /// <summary>The seat ledger and the services the training jobs call; both hosts (API, Jobs) register them.</summary>
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SeatLedger>();
        services.AddScoped<SeatOfferExpiry>();
        services.AddScoped<TrainingReminders>();
        services.AddScoped<AttendanceRegister>();
        return services;
    }
}
