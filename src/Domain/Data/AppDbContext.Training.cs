using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

public abstract partial class AppDbContext
{
    public DbSet<TrainingCourse> TrainingCourses => Set<TrainingCourse>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<TrainingEnrollment> TrainingEnrollments => Set<TrainingEnrollment>();
}
