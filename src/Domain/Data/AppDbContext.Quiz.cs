using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

public abstract partial class AppDbContext
{
    public DbSet<QuizQuestion> QuizQuestions => Set<QuizQuestion>();
    public DbSet<QuizQuestionVersion> QuizQuestionVersions => Set<QuizQuestionVersion>();
    public DbSet<QuizCampaign> QuizCampaigns => Set<QuizCampaign>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<QuizCampaignEntry> QuizCampaignEntries => Set<QuizCampaignEntry>();
    public DbSet<QuizPrizeWinner> QuizPrizeWinners => Set<QuizPrizeWinner>();
    public DbSet<QuizPracticeRecord> QuizPracticeRecords => Set<QuizPracticeRecord>();
    public DbSet<QuizDailyQuestion> QuizDailyQuestions => Set<QuizDailyQuestion>();
    public DbSet<QuizDailyAnswer> QuizDailyAnswers => Set<QuizDailyAnswer>();
}
