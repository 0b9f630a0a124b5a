using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// One real Api or Worker process (<c>dotnet TrainingService.X.dll</c>) on a loopback port of its own, its output
/// captured line by line. Stop it gracefully with <see cref="SendSigtermAsync"/> or kill it with <see cref="Kill"/>;
/// disposing kills it if it still runs. Like the image's entrypoint, it starts the assembly by its path from a
/// working directory that is not the assembly's folder (an empty one of its own).
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int Sigterm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress, string assemblyPath)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        AssemblyPath = assemblyPath;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    public int Id => _process.Id;

    public Uri BaseAddress { get; }

    public string AssemblyPath { get; }

    /// <summary>The process's working directory: empty, and never the folder of <see cref="AssemblyPath"/>.</summary>
    public string WorkingDirectory => _process.StartInfo.WorkingDirectory;

    /// <summary>An HTTP client bound to this process's address.</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as received.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static ServiceProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string?> environment)
    {
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException($"{assemblyPath} is missing: build the solution (dotnet build) before these tests.", assemblyPath);

        int port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("trainingservice-cwd-").FullName,
        };
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString());
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, baseAddress, assemblyPath);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue("stderr: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails early, with the output, if the process exits.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready. Output:{Environment.NewLine}{Output}");
            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout} (last: {last}). Output:{Environment.NewLine}{Output}");
    }

    /// <summary>What an orchestrator does to stop a container: SIGTERM, then the process shuts down by itself.</summary>
    public void SendSigterm()
    {
        if (SendSignal(_process.Id, Sigterm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns false if the process still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> SendSigtermAsync(TimeSpan timeout)
    {
        SendSigterm();
        return await WaitForExitAsync(timeout);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A crash: SIGKILL to the process and its children, no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        Client.Dispose();
        Directory.Delete(WorkingDirectory, recursive: true);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running the tests, so the services run on the same runtime.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
