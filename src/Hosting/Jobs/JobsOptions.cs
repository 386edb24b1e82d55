using System.ComponentModel.DataAnnotations;

namespace Changai.Hosting.Jobs;

public enum JobStore
{
    /// <summary>Hangfire.InMemory, inside the API process (the embedded default).</summary>
    Memory,
    /// <summary>Hangfire.PostgreSql (schema <c>hangfire</c>), shared by every Jobs process and the API instances that enqueue.</summary>
    Postgres,
}

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Whether the API process runs a Hangfire server itself (embedded default). Production runs them in src/Jobs.</summary>
    public bool InProcess { get; set; } = true;

    public JobStore Store { get; set; } = JobStore.Memory;

    /// <summary>
    /// Cron expressions (five fields, or six with seconds first; time zone Asia/Shanghai) by recurring job name, over the
    /// defaults in <see cref="RecurringJobs"/>. <c>off</c> (or an empty value) removes that job from storage.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    /// <summary>Hangfire workers per server (each runs one job at a time; a dispatch job runs its own sender loops).</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 8;

    /// <summary>How often a server looks for due recurring and scheduled jobs.</summary>
    [Range(1, 60)]
    public int SchedulePollingSeconds { get; set; } = 1;

    /// <summary>
    /// How long a job fetched by a server that then died stays invisible before another server runs it (sliding: a live
    /// server keeps extending it). Dispatch does not depend on it: the sweep re-runs every few seconds and leases decide.
    /// </summary>
    [Range(30, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 300;
}
