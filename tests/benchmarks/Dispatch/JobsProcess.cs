using System.Diagnostics;

namespace Changai.Benchmarks.Dispatch;

/// <summary>One real Jobs process (the published Changai.Jobs.dll), its output drained, its peak memory sampled.</summary>
internal sealed class JobsProcess
{
    private readonly Process process;
    private readonly Queue<string> tail = new();
    private readonly string name;

    private JobsProcess(Process process, string name)
    {
        this.process = process;
        this.name = name;
    }

    public long PeakWorkingSetBytes { get; private set; }

    public bool HasExited => process.HasExited;

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }
    }

    public static JobsProcess Start(string directory, IReadOnlyDictionary<string, string> environment, string name)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(directory, "Changai.Jobs.dll"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var jobs = new JobsProcess(Process.Start(start)!, name);
        jobs.process.OutputDataReceived += (_, e) => jobs.Keep(e.Data);
        jobs.process.ErrorDataReceived += (_, e) => jobs.Keep(e.Data);
        jobs.process.BeginOutputReadLine();
        jobs.process.BeginErrorReadLine();
        return jobs;
    }

    public void SampleMemory()
    {
        if (process.HasExited)
        {
            return;
        }

        process.Refresh();
        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, process.PeakWorkingSet64);
    }

    /// <summary>SIGKILL: the process dies where it stands, leases held and sends in flight.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM, as a service manager would: Hangfire lets running jobs finish.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public string Tail()
    {
        lock (tail)
        {
            return $"--- {name} ---\n" + string.Join("\n", tail);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            if (tail.Count > 40)
            {
                tail.Dequeue();
            }
        }
    }
}
