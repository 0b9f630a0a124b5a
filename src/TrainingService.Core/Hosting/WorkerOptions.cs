using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Hosting;

/// <summary>How a process runs Hangfire workers ("Workers" section, e.g. <c>Workers__InProcess=true</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Workers";

    /// <summary>What the host adds to <see cref="ShutdownTimeoutSeconds"/> for Hangfire's own clean-up (server row, re-queue).</summary>
    public const int HostShutdownMarginSeconds = 30;

    /// <summary>The Api also runs a Hangfire server, for a single-process local run and for tests.</summary>
    public bool InProcess { get; set; }

    /// <summary>
    /// Concurrent jobs per process. Training is CPU-bound, so the default is one job per process, not
    /// Hangfire's I/O-oriented default of 5 per core; engine threads per job fill the cores instead.
    /// </summary>
    [Range(1, 256)]
    public int WorkerCount { get; set; } = 1;

    /// <summary>Engine threads each training job may use; 0 means all cores divided by <see cref="WorkerCount"/>.</summary>
    [Range(0, 256)]
    public int EngineThreadsPerJob { get; set; }

    /// <summary>
    /// On SIGTERM, how long running jobs get to observe their cancellation token, write a checkpoint and hand the
    /// job back to the queue before Hangfire stops waiting. The host waits <see cref="HostShutdownMarginSeconds"/>
    /// longer, and the orchestrator's grace period (compose <c>stop_grace_period</c>, Kubernetes
    /// <c>terminationGracePeriodSeconds</c>) must exceed both.
    /// </summary>
    [Range(1, 3600)]
    public int ShutdownTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Runs a job gets before it is failed: a worker killed mid-job (out of memory, node lost) leaves the job to be
    /// fetched again after Hangfire's invisibility timeout, which Hangfire's own retries (exceptions only) do not
    /// count. A job that kills its worker every time would otherwise take down one worker after another forever.
    /// A run that hands the job back itself (SIGTERM, a transient fault) does not count.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How often a worker stamps the job it holds as alive (<see cref="Training.TrainingJob.LastHeartbeatAt"/>). The Api
    /// reads the same setting: a held job whose heartbeat is older than <see cref="StaleAfter"/> is shown as stale.
    /// </summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>
    /// How much of its last jobs' prepared data (encoded rows and fitted preprocessing) a worker keeps for the next job
    /// that would prepare the same, such as the next trial of a tuning search (<see cref="Training.PreparedDataCache"/>);
    /// 0 keeps none. A job that prepares other data empties it first, so it adds memory only between jobs.
    /// </summary>
    [Range(0, 1_048_576)]
    public int PreparedDataCacheMegabytes { get; set; } = 1024;

    /// <summary>Three missed heartbeats: one late write is no death, three in a row are.</summary>
    public TimeSpan StaleAfter => TimeSpan.FromSeconds(3 * HeartbeatSeconds);

    public int ResolveEngineThreads() =>
        EngineThreadsPerJob > 0 ? EngineThreadsPerJob : Math.Max(1, Environment.ProcessorCount / WorkerCount);
}
