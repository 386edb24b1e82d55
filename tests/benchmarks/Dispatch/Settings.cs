using System.Globalization;

namespace Changai.Benchmarks.Dispatch;

/// <summary>A Jobs build to measure: its label in the tables, the folder of its Changai.Jobs.dll, and the sending lanes
/// (<c>Notifications:Senders</c>) to run it with, or null for the build's own default.</summary>
internal sealed record Build(string Label, string Directory, int? Senders);

/// <summary>Command-line settings: <c>--name value</c> pairs; see notification-dispatch.sh for the defaults it passes.</summary>
internal sealed record Settings(
    string Postgres, string Redis, IReadOnlyList<Build> Builds, int Count, int PerRecipient, int[] Processes, int RawMessages, int RawConcurrency,
    int BatchSize, int MaxSendsPerSecond, string DispatchCron, TimeSpan Timeout, string[] Scenarios, int KillCount, int LeaseSeconds,
    int Trickle, int TrickleIntervalMs, int? PostmasterPid, string? Pgbench, int PgbenchClients, int PgbenchSeconds)
{
    public int Recipients => Count / PerRecipient;

    public bool Runs(string scenario) => Scenarios.Contains(scenario, StringComparer.Ordinal);

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Text(string name, string? fallback = null) =>
            values.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        // --builds "label|directory|senders;label|directory|" (senders empty: the build's default)
        var builds = Text("builds").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(b =>
        {
            var parts = b.Split('|');
            return new Build(parts[0], parts[1], parts.Length > 2 && parts[2].Length > 0 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : null);
        }).ToList();
        var settings = new Settings(
            Text("pg"), Text("redis"), builds, Number("count", 100_000), Number("per-recipient", 10),
            Text("processes", "1,2").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            Number("raw", 20_000), Number("raw-concurrency", 16), Number("batch", 100), Number("max-sends-per-second", 100_000),
            Text("dispatch-cron", "*/2 * * * * *"), TimeSpan.FromMinutes(Number("timeout-minutes", 30)),
            Text("scenarios", "throughput,latency,kill").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Number("kill-count", 30_000), Number("lease-seconds", 20), Number("trickle", 200), Number("trickle-interval-ms", 250),
            values.TryGetValue("pg-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            values.GetValueOrDefault("pgbench"), Number("pgbench-clients", 200), Number("pgbench-seconds", 15));
        return settings.Count % settings.PerRecipient == 0
            ? settings
            : throw new ArgumentException("--count must be a multiple of --per-recipient");
    }
}
