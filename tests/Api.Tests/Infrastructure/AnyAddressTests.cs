using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>
/// The embedded default on an address other than the one in appsettings: the API started as a real process on a port
/// Kestrel picks, with no WeChat:BaseAddress, logs a worker in through its own simulator — so the WeChat client found the
/// simulator at the address the server actually listens on.
/// </summary>
public sealed partial class AnyAddressTests
{
    [Fact]
    public async Task The_embedded_default_logs_in_through_the_simulator_on_a_port_chosen_at_start()
    {
        await using var api = await ApiProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var code = await (await http.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync(HttpStatusCode.OK);
        var login = await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! });

        var body = await login.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string?)body["accessToken"]), api.Output);
        // The client's real HTTP call went to the chosen port, and /metrics (we are on loopback) shows it.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Matches(
            $"http_client_request_duration_seconds_count\\{{[^}}]*server_port=\"{api.BaseAddress.Port}\"[^}}]*wechat_api=\"code2session\"",
            metrics);
    }

    /// <summary>The API's build output run with <c>dotnet</c>, on 127.0.0.1 port 0, with a fresh SQLite database.</summary>
    private sealed partial class ApiProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly string dataDirectory;
        private readonly StringBuilder output = new();
        private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ApiProcess(Process process, string dataDirectory)
        {
            this.process = process;
            this.dataDirectory = dataDirectory;
        }

        public Uri BaseAddress { get; private set; } = null!;

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
            // tests/Api.Tests/bin/<configuration>/<tfm>/ → src/Api/bin/<configuration>/<tfm>/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (tfm, configuration) = (here.Name, here.Parent!.Name);
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Changai.slnx")))
            {
                root = root.Parent;
            }

            var apiDirectory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Api", "bin", configuration, tfm);
            var dataDirectory = Directory.CreateTempSubdirectory("changai-any-address-").FullName;
            var start = new ProcessStartInfo("dotnet", [Path.Combine(apiDirectory, "Changai.Api.dll")])
            {
                WorkingDirectory = apiDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            // Port 0: Kestrel picks one, known only once it listens — the case a fixed BaseAddress cannot serve.
            start.Environment["Urls"] = "http://127.0.0.1:0";
            start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(dataDirectory, "changai.db")}";
            start.Environment["ConnectionStrings__Redis"] = "";
            start.Environment["DemoData__SampleActivity"] = "false";
            start.Environment.Remove("WeChat__BaseAddress");
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the API");
            var api = new ApiProcess(process, dataDirectory);
            process.OutputDataReceived += (_, e) => api.Append(e.Data);
            process.ErrorDataReceived += (_, e) => api.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            try
            {
                var exited = process.WaitForExitAsync();
                var first = await Task.WhenAny(api.listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
                if (first != api.listening.Task)
                {
                    throw new InvalidOperationException("the API did not start listening:\n" + api.Output);
                }

                api.BaseAddress = await api.listening.Task;
                using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while ((await TryGetAsync(http, "/health/ready")) != HttpStatusCode.OK)
                {
                    if (DateTime.UtcNow > deadline || process.HasExited)
                    {
                        throw new InvalidOperationException("the API did not become ready:\n" + api.Output);
                    }

                    await Task.Delay(250);
                }

                return api;
            }
            catch
            {
                await api.DisposeAsync();
                throw;
            }
        }

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

        private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
        {
            try
            {
                return (await http.GetAsync(path)).StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
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

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningLine();
    }
}
