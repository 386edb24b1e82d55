using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Changai.Domain.Quiz;

public static class QuizSetup
{
    /// <summary>
    /// The quiz's options and services for both hosts (API, Jobs); safe to call twice (the API may run the jobs too). The
    /// leaderboard reads Redis when Redis is configured (AddRedisIfConfigured), SQL otherwise.
    /// </summary>
    public static IServiceCollection AddQuiz(this IServiceCollection services)
    {
        services.AddOptions<QuizOptions>().BindConfiguration(QuizOptions.SectionName)
            .Validate(o => o.SubmitGraceSeconds is >= 0 and <= 120 && o.MinSecondsPerQuestion is >= 0 and <= 60 && o.HighRiskRank is >= 1 and <= 4
                && o.LeaderboardRebuildMinutes is >= 1 and <= 1440 && o.QuestionPoolCacheSeconds is >= 0 and <= 3600,
                "Quiz: SubmitGraceSeconds 0–120, MinSecondsPerQuestion 0–60, HighRiskRank 1–4, LeaderboardRebuildMinutes 1–1440, QuestionPoolCacheSeconds 0–3600")
            .ValidateOnStart();
        services.TryAddSingleton<LeaderboardStaleMarks>();
        services.TryAddScoped<SqlQuizLeaderboard>();
        services.TryAddScoped<IQuizLeaderboard>(sp => sp.GetService<ConnectionMultiplexer>() is not null
            ? ActivatorUtilities.CreateInstance<RedisQuizLeaderboard>(sp)
            : sp.GetRequiredService<SqlQuizLeaderboard>());
        services.TryAddScoped<PrizeDrawer>();
        services.TryAddScoped<QuizReminders>();
        return services;
    }
}
