using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Changai.Console.Tests.Infrastructure;

/// <summary>
/// The API in its embedded default (Development settings, SQLite, demo data, WeChat simulator), started as a real process
/// on a free loopback port with a fresh temporary database, and stopped at the end.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataDirectory;
    private readonly StringBuilder output = new();

    private ApiProcess(Process process, string dataDirectory, Uri baseAddress)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<ApiProcess> StartAsync()
    {
        var apiDirectory = Metadata("ApiDirectory");
        var dll = Path.Combine(apiDirectory, "Changai.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first (tests/console.sh does)");
        }

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var dataDirectory = Directory.CreateTempSubdirectory("changai-console-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = apiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = baseAddress.ToString();
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(dataDirectory, "changai.db")}";
        start.Environment["ConnectionStrings__Redis"] = "";
        start.Environment["WeChat__BaseAddress"] = new Uri(baseAddress, "/wechat-sim").ToString();
        // The tests log the same demo officers in many times within a minute; the throttle itself is tested over HTTP.
        start.Environment["RateLimits__LoginPerIpPerMinute"] = "100000";
        start.Environment["RateLimits__LoginPerAccountPerMinute"] = "100000";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the API");
        var api = new ApiProcess(process, dataDirectory, baseAddress);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the API exited at start:\n" + api.Output);
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }

            await Task.Delay(250);
        }

        await api.DisposeAsync();
        throw new TimeoutException("the API did not become ready:\n" + api.Output);
    }

    public static string Metadata(string key) =>
        typeof(ApiProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
