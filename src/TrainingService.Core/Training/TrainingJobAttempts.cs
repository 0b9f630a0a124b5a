using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Training;

/// <summary>
/// A training job's runs, counted: the claim (queued → running, or running again after a crash) counts the run in
/// <see cref="TrainingJob.Attempts"/>; a run that hands the job back itself (shutdown, a transient fault Hangfire
/// retries) uncounts it; a job whose runs keep dying without a word (the worker killed for memory, its node lost) is
/// failed after <see cref="WorkerOptions.MaxAttempts"/> of them, and a transient fault on Hangfire's last retry fails
/// the job rather than leaving it running for good.
/// </summary>
public sealed class TrainingJobAttempts(
    IOptions<WorkerOptions> workers, TimeProvider clock, TrainingJobCompletion completion, TrainingServiceMetrics metrics, ILogger<TrainingJobAttempts> logger)
{
    /// <summary>Hangfire's retries of a run (<see cref="TrainingJobRunner"/>'s <c>AutomaticRetry</c>).</summary>
    public const int MaxRetries = 3;

    /// <summary>Who runs the job, as status events and logs name it: the host (the pod, in Kubernetes) and the process.</summary>
    internal static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    private enum Claim
    {
        Claimed,
        Ended,
        OutOfAttempts,

        /// <summary>A cancel requested while no worker held the job, ended by this fetch.</summary>
        Cancelled,
    }

    /// <summary>
    /// Takes the job for this run; false when there is nothing to train: the job ended (or was cancelled) meanwhile,
    /// or its every allowed run already died on it, which fails it here.
    /// </summary>
    public async Task<bool> ClaimAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct)
    {
        switch (await TryClaimAsync(db, id, ct))
        {
            case Claim.Ended:
                logger.LogInformation("Training job {TrainingJobId} has already ended or no longer exists; nothing to do", id);
                return false;
            case Claim.OutOfAttempts:
                await FailOutOfAttemptsAsync(db, id);
                return false;
            case Claim.Cancelled:
                metrics.JobCompleted(TrainingJobStatuses.Wire(TrainingJobStatus.Cancelled));
                logger.LogInformation("Training job {TrainingJobId} was cancelled while no worker held it; ended without training", id);
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// Whether a run's fault is left to Hangfire's retries (the caller then hands the job back and rethrows): a
    /// transient fault that is not on the last retry. Anything else fails the job.
    /// </summary>
    public async Task<bool> IsRetriedAsync(IServiceProvider services, TrainingServiceDbContext db, Guid id, Exception ex) =>
        IsTransient(ex) && !await IsLastAttemptAsync(services, db, id);

    /// <summary>
    /// queued → running, or running again after a crash, counting the run in <see cref="TrainingJob.Attempts"/>;
    /// <see cref="Claim.Ended"/> when the job ended (or was cancelled) meanwhile, <see cref="Claim.OutOfAttempts"/> when
    /// <see cref="WorkerOptions.MaxAttempts"/> runs already died on it.
    /// </summary>
    private Task<Claim> TryClaimAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct) => db.InTransactionAsync(async token =>
    {
        var now = clock.GetUtcNow();
        // A cancel requested while the job's last run was lost (or handed back) is done now, without training again
        // (a prune stored before it keeps its reason).
        int cancelled = await db.TrainingJobs.Where(j => j.Id == id && j.Status == TrainingJobStatus.Cancelling).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
            .SetProperty(j => j.StopReason, j => j.StopReason == StopReasons.Pruned ? StopReasons.Pruned : StopReasons.Cancelled)
            .SetProperty(j => j.FinishedAt, now), token);
        if (cancelled == 1)
        {
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Cancelled, "cancel requested while no worker held the job", WorkerName, null), now, token);
            await TrainingJobCompletion.DeleteCheckpointAsync(db, id, token);
            return Claim.Cancelled;
        }

        int maxAttempts = workers.Value.MaxAttempts;
        int claimed = await db.TrainingJobs
            .Where(j => j.Id == id && (j.Status == TrainingJobStatus.Queued || j.Status == TrainingJobStatus.Running) && j.Attempts < maxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Running)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
                .SetProperty(j => j.LastHeartbeatAt, now)
                .SetProperty(j => j.BatchesCompleted, (int?)null)
                .SetProperty(j => j.BatchesPerEpoch, (int?)null)
                .SetProperty(j => j.LiveSamplesPerSecond, (double?)null)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1), token);
        if (claimed == 1)
        {
            int attempt = await db.TrainingJobs.Where(j => j.Id == id).Select(j => j.Attempts).SingleAsync(token);
            int? resumeAfter = await db.TrainingCheckpoints.Where(c => c.TrainingJobId == id).Select(c => (int?)c.Epoch).SingleOrDefaultAsync(token);
            string reason = resumeAfter is { } epoch
                ? $"resumed after epoch {epoch} on worker {WorkerName} (attempt {attempt})"
                : $"started on worker {WorkerName} (attempt {attempt})";
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Running, reason, WorkerName, attempt), now, token);
            return Claim.Claimed;
        }

        bool inProgress = await db.TrainingJobs.AnyAsync(j => j.Id == id && TrainingJobStatuses.InProgress.Contains(j.Status), token);
        return inProgress ? Claim.OutOfAttempts : Claim.Ended;
    }, ct);

    /// <summary>Ends a job whose every allowed run died, rather than fetching it again forever.</summary>
    private async Task FailOutOfAttemptsAsync(TrainingServiceDbContext db, Guid id)
    {
        var job = await db.TrainingJobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new { j.Attempts, j.EpochsCompleted, j.PlannedMemoryBytes }).SingleAsync();
        string memory = job.PlannedMemoryBytes is { } bytes
            ? $" Its planned memory is {TrainingJobPlan.FormatBytes(bytes)}: if its workers were killed for memory, give them more or make the job smaller."
            : string.Empty;
        string error = $"The worker running this job stopped {job.Attempts} times without finishing (killed or lost); last epoch {job.EpochsCompleted}. " +
            $"Workers__MaxAttempts is {workers.Value.MaxAttempts}.{memory}";
        logger.LogError("Training job {TrainingJobId} failed: {Error}", id, error);
        await completion.EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, error, CancellationToken.None);
    }

    /// <summary>
    /// Uncounts this run, which hands the job back itself, and shows the job queued again (a cancelling one stays
    /// cancelling: the next fetch ends it). Best effort: if the database cannot be reached the run stays counted,
    /// which errs towards failing a job too early rather than fetching a killer job forever.
    /// </summary>
    public async Task GiveBackAsync(TrainingServiceDbContext db, Guid id, string reason)
    {
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await db.TrainingJobs.Where(j => j.Id == id && TrainingJobStatuses.Held.Contains(j.Status) && j.Attempts > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, j => j.Attempts - 1), token);
                int requeued = await db.TrainingJobs.Where(j => j.Id == id && j.Status == TrainingJobStatus.Running)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.Status, TrainingJobStatus.Queued)
                        .SetProperty(j => j.BatchesCompleted, (int?)null)
                        .SetProperty(j => j.LiveSamplesPerSecond, (double?)null), token);
                if (requeued == 1)
                    await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Queued, reason, WorkerName, null), clock.GetUtcNow(), token);
                return requeued;
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(ex, "Training job {TrainingJobId}: could not uncount this run, which stays counted against Workers__MaxAttempts", id);
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>On the last attempt a transient fault ends the job as failed, so it never stays 'running' forever.</summary>
    private static async Task<bool> IsLastAttemptAsync(IServiceProvider services, TrainingServiceDbContext db, Guid id)
    {
        try
        {
            string? hangfireId = await db.TrainingJobs.Where(j => j.Id == id).Select(j => j.HangfireJobId).SingleOrDefaultAsync();
            if (hangfireId is null)
                return false;
            using var connection = services.GetRequiredService<JobStorage>().GetConnection();
            return int.TryParse(connection.GetJobParameter(hangfireId, "RetryCount"), out int retries) && retries >= MaxRetries;
        }
        catch (Exception)
        {
            // The database is what failed; let Hangfire retry rather than guess.
            return false;
        }
    }
}
