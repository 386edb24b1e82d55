using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

public abstract partial class AppDbContext
{
    public DbSet<SubsidyProgram> SubsidyPrograms => Set<SubsidyProgram>();
    public DbSet<SubsidyQuota> SubsidyQuotas => Set<SubsidyQuota>();
    public DbSet<SubsidyApplication> SubsidyApplications => Set<SubsidyApplication>();
    public DbSet<SubsidyAttachment> SubsidyAttachments => Set<SubsidyAttachment>();
    public DbSet<SubsidyYearlyClaim> SubsidyYearlyClaims => Set<SubsidyYearlyClaim>();
}
