using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrainingService.Bench.Service;

/// <summary>
/// The real Api as a separate process (<c>dotnet TrainingService.Api.dll</c>) on a free local port, running
/// training jobs in-process, logging one JSON object per line with UTC timestamps (kept for <see cref="ApiLog"/>
/// and written to a file). Killed with its process tree on dispose.
/// </summary>
internal sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _logFile;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _closed;

    private ApiProcess(Process process, Uri baseAddress, string logPath)
    {
        (_process, BaseAddress, LogPath) = (process, baseAddress, logPath);
        _logFile = new StreamWriter(logPath) { AutoFlush = true };
    }

    public Uri BaseAddress { get; }

    /// <summary>A throwaway administrator key for this run's private Api and database.</summary>
    public static readonly string AdministratorKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public string LogPath { get; }

    /// <summary>Every line the process wrote so far, stdout and stderr interleaved.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <param name="settings">Further configuration as environment variables (<c>Section__Key</c>), over the bench's own.</param>
    public static ApiProcess Start(string apiPath, string connectionString, int engineThreads, string logPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Workers__InProcess"] = "true";
        start.Environment["Auth__BootstrapAdminKey"] = AdministratorKey;
        start.Environment["Workers__WorkerCount"] = "1";
        start.Environment["Workers__EngineThreadsPerJob"] = engineThreads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // JSON lines with UTC timestamps, and every SQL command with its duration: ApiLog turns them into the job's timeline.
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
        start.Environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {apiPath}.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        process.OutputDataReceived += (_, e) => api.Add(e.Data);
        process.ErrorDataReceived += (_, e) => api.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Waits for <c>/health/ready</c> (migrations applied, PostgreSQL answering).</summary>
    public async Task WaitUntilReadyAsync(HttpClient client, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The Api exited with code {_process.ExitCode} before it was ready; its output is in {LogPath}.");
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/health/ready"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The Api was not ready after {timeout.TotalSeconds:F0} s; its output is in {LogPath}.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        lock (_logFile)
        {
            _closed = true;
            _logFile.Dispose();
        }
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        lock (_logFile)
        {
            if (!_closed)
                _logFile.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
