using System.Globalization;

namespace Changai.Benchmarks.Dispatch;

/// <summary>Command-line settings: <c>--name value</c> pairs; see notification-dispatch.sh for the defaults it passes.</summary>
internal sealed record Settings(
    string Postgres, string Redis, string JobsDirectory, int Count, int PerRecipient, int[] Processes, int RawMessages, int RawConcurrency,
    int BatchSize, int MaxSendsPerSecond, string DispatchCron, TimeSpan Timeout)
{
    public int Recipients => Count / PerRecipient;

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

        var settings = new Settings(
            Text("pg"), Text("redis"), Text("jobs-dir"), Number("count", 100_000), Number("per-recipient", 10),
            Text("processes", "1,2").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            Number("raw", 20_000), Number("raw-concurrency", 16), Number("batch", 100), Number("max-sends-per-second", 100_000),
            Text("dispatch-cron", "*/2 * * * * *"), TimeSpan.FromMinutes(Number("timeout-minutes", 30)));
        return settings.Count % settings.PerRecipient == 0
            ? settings
            : throw new ArgumentException("--count must be a multiple of --per-recipient");
    }
}
