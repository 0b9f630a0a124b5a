using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// The Api and two Workers as separate processes on one database, as compose and Kubernetes run them. Timeouts are
/// liveness bounds for a busy 2-core machine, not performance expectations.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class MultiProcessTests(MultiProcessTests.Cluster cluster, ITestOutputHelper output)
    : IClassFixture<MultiProcessTests.Cluster>, IDisposable
{
    /// <summary>Short, so a hung shutdown shows within the test's bounds; the host waits 30 s more.</summary>
    private const int WorkerShutdownSeconds = 10;

    [Fact]
    public async Task Start_ApiAndTwoWorkers_AllReadyAndBothWorkersRegisteredWithHangfire()
    {
        foreach (var process in new[] { cluster.Services.Api!, cluster.Worker1, cluster.Worker2 })
        {
            using var response = await process.Client.GetAsync("/health/ready");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{process.Name}: /health/ready answered {response.StatusCode}");
        }

        var servers = await Infrastructure.Eventually.GetAsync(
            cluster.Services.HangfireServerIdsAsync,
            ids => ids.Any(id => id.Contains($":{cluster.Worker1.Id}:")) && ids.Any(id => id.Contains($":{cluster.Worker2.Id}:")),
            TimeSpan.FromSeconds(30), "both workers to register as Hangfire servers");
        // The Api runs no jobs (Workers__InProcess=false): it registers no server.
        Assert.DoesNotContain(servers, name => name.Contains($":{cluster.Services.Api!.Id}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_IdleWorker_ExitsCleanlyAndUnregisters()
    {
        // As compose and Kubernetes run it: JSON logs.
        var worker = await cluster.Services.StartWorkerAsync(new Dictionary<string, string?> { ["Logging__Console__FormatterName"] = "json" });
        await Infrastructure.Eventually.GetAsync(
            () => cluster.Services.IsRegisteredAsHangfireServerAsync(worker), registered => registered,
            TimeSpan.FromSeconds(30), $"{worker.Name} to register");

        bool exited = await worker.SendSigtermAsync(TimeSpan.FromSeconds(WorkerShutdownSeconds + WorkerOptions.HostShutdownMarginSeconds));

        Assert.True(exited, $"{worker.Name} still runs {WorkerShutdownSeconds + WorkerOptions.HostShutdownMarginSeconds} s after SIGTERM");
        Assert.Equal(0, worker.ExitCode);
        Assert.False(await cluster.Services.IsRegisteredAsHangfireServerAsync(worker), $"{worker.Name} left its Hangfire server row behind");
        Assert.True(await cluster.Services.IsRegisteredAsHangfireServerAsync(cluster.Worker1), "stopping one worker unregistered another");
        var lines = worker.Output.Split(Environment.NewLine).Where(line => line.Length > 0 && !line.StartsWith("stderr: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("LogLevel", out _), $"not a JSON log entry: {line}"));
    }

    [Fact]
    public async Task Restart_KilledApi_ComesBackReadyAndKeepsData()
    {
        var marker = new Dataset { Name = $"marker-{Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
        List<string> migrationsBefore;
        await using (var db = cluster.Services.CreateDbContext())
        {
            db.Add(marker);
            await db.SaveChangesAsync();
            migrationsBefore = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        }
        var serversBefore = await cluster.Services.HangfireServerIdsAsync();

        cluster.Services.Api!.Kill();
        var api = await cluster.Services.StartApiAsync();

        using var response = await api.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var db = cluster.Services.CreateDbContext())
        {
            Assert.True(await db.Set<Dataset>().AnyAsync(d => d.Id == marker.Id), "a row written before the restart is gone");
            Assert.Equal(migrationsBefore, await db.Database.GetAppliedMigrationsAsync());
        }

        // Hangfire's schema was prepared again, not recreated: the workers' registrations survived the Api's restart.
        Assert.Subset(serversBefore.ToHashSet(), (await cluster.Services.HangfireServerIdsAsync()).ToHashSet());
    }

    [Fact]
    public async Task Telemetry_WorkerWithOtlpEndpoint_ExportsServiceMetricsAndLogs()
    {
        await Infrastructure.Eventually.GetAsync(
            () => Task.FromResult(cluster.Otlp.Received("/v1/metrics", TrainingServiceMetrics.QueueLengthName)), received => received,
            TimeSpan.FromSeconds(30), $"an OTLP metrics export with {TrainingServiceMetrics.QueueLengthName}; got posts to {string.Join(", ", cluster.Otlp.Paths)}");
        await Infrastructure.Eventually.GetAsync(
            () => Task.FromResult(cluster.Otlp.Received("/v1/logs", "trainingservice-worker")), received => received,
            TimeSpan.FromSeconds(30), $"an OTLP logs export naming the service; got posts to {string.Join(", ", cluster.Otlp.Paths)}");
    }

    public void Dispose() => cluster.Services.WriteOutputs(output);

    /// <summary>One Api and two Workers for the class; tests that stop a process start their own or restart it.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        public ServiceCluster Services { get; private set; } = null!;

        public ServiceProcess Worker1 { get; private set; } = null!;

        public ServiceProcess Worker2 { get; private set; } = null!;

        /// <summary>Where Worker2 exports its telemetry.</summary>
        public OtlpReceiver Otlp { get; } = new();

        public async Task InitializeAsync()
        {
            Services = await ServiceCluster.CreateAsync(nameof(MultiProcessTests), new Dictionary<string, string?>
            {
                ["Workers__ShutdownTimeoutSeconds"] = WorkerShutdownSeconds.ToString(),
            });
            await Services.StartApiAsync();
            var exporting = new Dictionary<string, string?>(Otlp.Settings) { ["OTEL_SERVICE_NAME"] = "trainingservice-worker" };
            var workers = await Task.WhenAll(Services.StartWorkerAsync(), Services.StartWorkerAsync(exporting));
            (Worker1, Worker2) = (workers[0], workers[1]);
        }

        public async Task DisposeAsync()
        {
            await Services.DisposeAsync();
            Otlp.Dispose();
        }
    }
}
