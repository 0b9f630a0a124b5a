using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrainingService.Bench.Events;

/// <summary>The Api or the Worker as its own process (<c>dotnet X.dll</c>), output to a file; killed on dispose.</summary>
internal sealed class ServiceHost : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceHost(Process process, Uri baseAddress, StreamWriter log) => (_process, BaseAddress, _log) = (process, baseAddress, log);

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static ServiceHost Start(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceHost(process, new Uri($"http://127.0.0.1:{port}"), log);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"dotnet exited with {_process.ExitCode} before it was ready.");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"not ready after {timeout}");
    }

    /// <summary>Resident memory (VmRSS) and CPU time (user + system) of the process, from /proc.</summary>
    public (long RssBytes, TimeSpan Cpu) Sample()
    {
        string status = File.ReadAllText($"/proc/{ProcessId}/status");
        long rssKb = long.Parse(status.Split('\n').First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        string stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15 of stat)
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
        }

        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
