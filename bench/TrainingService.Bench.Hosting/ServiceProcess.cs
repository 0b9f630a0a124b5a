using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TrainingService.Bench.Hosting;

/// <summary>
/// The Api or the Worker as its own process (<c>dotnet X.dll --urls http://127.0.0.1:PORT</c>, a free local port):
/// stdout and stderr interleaved into a log file and kept in memory (<see cref="Lines"/>); killed with its process
/// tree on dispose. The one place the service benches start and stop the service.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _logFile;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _closed;

    private ServiceProcess(Process process, Uri baseAddress, string logPath)
    {
        (_process, BaseAddress, LogPath) = (process, baseAddress, logPath);
        _logFile = new StreamWriter(logPath) { AutoFlush = true };
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string LogPath { get; }

    /// <summary>Every line the process wrote so far, stdout and stderr interleaved.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>
    /// The settings every bench gives the service (as environment variables, <c>Section__Key</c>): the database,
    /// Production, the bootstrap administrator key.
    /// </summary>
    public static Dictionary<string, string> Settings(string connectionString, string administratorKey) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Auth__BootstrapAdminKey"] = administratorKey,
    };

    /// <summary>A throwaway administrator key for one run's private service and database.</summary>
    public static string NewAdministratorKey() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <param name="dll">The Api's or the Worker's build output.</param>
    /// <param name="settings">Configuration as environment variables, over the inherited environment.</param>
    public static ServiceProcess Start(string dll, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // A collector configured for the bench's caller would receive (and slow) the bench's service.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in settings)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        process.OutputDataReceived += (_, e) => service.Add(e.Data);
        process.ErrorDataReceived += (_, e) => service.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for <c>/health/ready</c> (migrations applied, PostgreSQL answering).</summary>
    public async Task WaitUntilReadyAsync(HttpClient client, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"dotnet {_process.StartInfo.ArgumentList[0]} exited with code {_process.ExitCode} before it was ready; its output is in {LogPath}.");
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
        throw new TimeoutException($"dotnet {_process.StartInfo.ArgumentList[0]} was not ready after {timeout.TotalSeconds:F0} s; its output is in {LogPath}.");
    }

    /// <summary>Resident memory (VmRSS) and CPU time (user + system) of the process, from /proc.</summary>
    public (long RssBytes, TimeSpan Cpu) Sample()
    {
        string status = File.ReadAllText($"/proc/{ProcessId}/status");
        long rssKb = long.Parse(status.Split('\n').First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        string stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime (fields 14 and 15 of stat), in clock ticks of 1/100 s.
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (rssKb * 1024, TimeSpan.FromSeconds(ticks / 100.0));
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
