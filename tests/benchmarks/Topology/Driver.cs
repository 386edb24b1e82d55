using System.Globalization;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// Entry point of the topology benchmark driver. Each command is one step of ../topology.sh; they share nothing but the
/// database, the API's base address and files in the run's work folder.
/// </summary>
public static class Driver
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("commands: simulator | seed | prepare | codes | submits | retry-submits | fanout-seed | fanout-check | quiz-seed");
            return 2;
        }

        var options = Args.Parse(args[1..]);
        return args[0] switch
        {
            "simulator" => await SimulatorHost.RunAsync(options),
            "seed" => await Seeder.RunAsync(options),
            "prepare" => await Scenarios.PrepareAsync(options),
            "codes" => await Scenarios.CodesAsync(options),
            "submits" => await Scenarios.SubmitsAsync(options),
            "retry-submits" => await RetrySubmits.RunAsync(options),
            "fanout-seed" => await FanOut.SeedAsync(options),
            "fanout-check" => await FanOut.CheckAsync(options),
            "quiz-seed" => await QuizSeed.RunAsync(options),
            _ => throw new ArgumentException("unknown command " + args[0]),
        };
    }
}

/// <summary><c>--name value</c> pairs.</summary>
public sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(values);
    }

    public string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
