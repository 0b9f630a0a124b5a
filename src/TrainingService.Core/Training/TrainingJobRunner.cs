using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Evaluation;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// The Hangfire job that trains one <see cref="TrainingJob"/>. It carries only the id and is safe to re-run: it
/// exits if the job already ended, resumes from the last checkpoint after a crash, fails once on bad data, and
/// leaves transient database faults to Hangfire's retries. On host shutdown it stops between batches and lets
/// Hangfire re-queue the job, which another worker resumes from the last epoch's checkpoint. A job whose runs keep
/// dying without a word (the worker killed for memory, its node lost) is failed after <see cref="WorkerOptions.MaxAttempts"/>
/// runs (<see cref="TrainingJob.Attempts"/>).
/// </summary>
[Queue(Queues.Training)]
[AutomaticRetry(Attempts = MaxRetries, DelaysInSeconds = [5, 30, 120])]
public sealed class TrainingJobRunner(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> workers, TimeProvider clock,
    TrainingServiceMetrics metrics, ILogger<TrainingJobRunner> logger)
{
    private const int MaxRetries = 3;

    /// <summary>Who runs the job, as status events and logs name it: the host (the pod, in Kubernetes) and the process.</summary>
    private static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["TrainingJobId"] = id });
        if (!await EnterJobTenantAsync(db, id, ct))
        {
            logger.LogInformation("Training job {TrainingJobId} no longer exists; nothing to do", id);
            return;
        }

        switch (await ClaimAsync(db, id, ct))
        {
            case Claim.Ended:
                logger.LogInformation("Training job {TrainingJobId} has already ended or no longer exists; nothing to do", id);
                return;
            case Claim.OutOfAttempts:
                await FailOutOfAttemptsAsync(db, id);
                return;
            case Claim.Cancelled:
                metrics.JobCompleted(TrainingJobStatuses.Wire(TrainingJobStatus.Cancelled));
                logger.LogInformation("Training job {TrainingJobId} was cancelled while no worker held it; ended without training", id);
                return;
        }

        var progress = new TrainingProgress();
        int batchSize = (await db.TrainingJobs.Where(j => j.Id == id).Select(j => j.Parameters).SingleAsync(ct)).BatchSize;
        await using var heartbeat = JobHeartbeat.Start(scopes, id, progress, batchSize, TimeSpan.FromSeconds(workers.Value.HeartbeatSeconds), clock, logger);
        try
        {
            await TrainAsync(scope.ServiceProvider, db, id, progress, ct);
        }
        catch (TrainingDataException ex)
        {
            logger.LogWarning("Training job {TrainingJobId} failed on its data: {Error}", id, ex.Message);
            await EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, ex.Message, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Host shutdown: the job goes back to the queue by our own hand, which is no death of its worker.
            await GiveBackAttemptAsync(db, id, "re-queued on worker shutdown");
            throw;
        }
        catch (Exception ex)
        {
            if (IsTransient(ex) && !await IsLastAttemptAsync(scope.ServiceProvider, db, id))
            {
                logger.LogWarning(ex, "Training job {TrainingJobId} hit a transient fault; Hangfire retries it", id);
                // Hangfire's retry count bounds these; counting them as deaths too would spend the job's attempts twice.
                await GiveBackAttemptAsync(db, id, $"re-queued after a transient fault: {ex.Message}");
                throw;
            }

            logger.LogError(ex, "Training job {TrainingJobId} failed", id);
            await EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, $"Training failed: {ex.Message}", CancellationToken.None);
        }
    }

    private async Task TrainAsync(IServiceProvider services, TrainingServiceDbContext db, Guid id, TrainingProgress batches, CancellationToken ct)
    {
        // The time budget counts this attempt from here, preparation included.
        long attemptStart = clock.GetTimestamp();
        var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == id, ct);
        var definition = await db.Models.Where(m => m.Id == job.ModelId).Select(m => m.Definition).SingleAsync(ct);
        var options = job.Parameters;
        int threads = workers.Value.ResolveEngineThreads();
        var prepared = await services.GetRequiredService<TrainingPreparation>().PrepareAsync(job, options, definition, threads, ct);
        var (checkpoint, runTimeBefore) = await LoadCheckpointAsync(db, id, ct);
        // A continued job's first checkpoint is its first job's final state, copied when it was queued.
        if (checkpoint is not null && job.Parameters.InitFromJobId is not null && checkpoint.Epoch == job.StartEpoch)
            checkpoint = TrainingJobContinuation.StartState(checkpoint, job.Parameters, prepared.TrainerOptions);
        var runTime = new JobRunTime(runTimeBefore, attemptStart, clock);
        logger.LogInformation(
            "Training job {TrainingJobId}: {TrainRows} training rows, {ValidationRows} validation rows, {Inputs} inputs, {Threads} engine threads, resuming after epoch {Epoch}",
            id, prepared.Train.Rows, prepared.Validation?.Rows ?? 0, prepared.Train.InputSize, threads, checkpoint?.Epoch ?? 0);

        var progress = new TrainingProgressWriter(db, id, prepared.Preprocessing.Target.Scale, runTime, clock, metrics, logger);
        progress.ResumeBest(job.BestEpoch, job.BestValidationLoss);
        using var userCancel = new CancellationTokenSource();
        using var anyCancel = CancellationTokenSource.CreateLinkedTokenSource(ct, userCancel.Token);
        Network network;
        TrainingResult result;
        var pruning = Tuning.TrialPruning.Start(scopes, id, userCancel);
        await using (CancellationWatcher.Start(scopes, id, userCancel))
        await using (pruning)
        {
            try
            {
                (network, result) = Fit(prepared, checkpoint, runTime.Remaining(options.MaxRuntimeSeconds), threads, progress.Callbacks with { Progress = batches }, anyCancel.Token);
            }
            finally
            {
                // The last epoch's write must land (or fail) before the job ends, is re-queued or touches the database.
                await progress.FlushAsync();
            }
        }

        if (result.StopReason == StopReason.Cancelled && !userCancel.IsCancellationRequested)
        {
            // Host shutdown, not the user: Hangfire re-queues the job and the next run resumes from the checkpoint.
            logger.LogInformation("Training job {TrainingJobId} interrupted by shutdown after epoch {Epoch}", id, result.EpochsCompleted);
            ct.ThrowIfCancellationRequested();
        }

        await FinishAsync(db, id, job.ModelId, job.StartEpoch, prepared, network, result, progress, pruning.Pruned);
    }

    /// <summary>
    /// Trains for what is left of the job's time budget. A budget already spent (by earlier attempts and this one's
    /// preparation) still goes through the trainer, which stops at its first batch for max runtime and hands back the
    /// weights it keeps from the checkpoint: the best epoch's when early stopping keeps them, else the last completed one's.
    /// </summary>
    private static (Network Network, TrainingResult Result) Fit(
        PreparedTraining prepared, TrainingCheckpoint? checkpoint, TimeSpan? remaining, int threads, TrainingCallbacks callbacks, CancellationToken ct)
    {
        var network = new Network(prepared.NetworkSpec, prepared.TrainerOptions.BatchSize, threads);
        // The trainer takes a positive limit only; the least one stops it before its first batch.
        TimeSpan? limit = remaining is { } left && left <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : remaining;
        var options = prepared.TrainerOptions with { MaxRuntime = limit };
        return (network, Trainer.Fit(network, prepared.Train, prepared.Validation, options, callbacks, checkpoint, ct));
    }

    /// <summary>
    /// Ends a run that stopped by itself or by the user's cancel. A run cancelled or out of time after at least one
    /// completed epoch keeps a trained model: the trainer has put back the best epoch's weights (early stopping with
    /// restoreBestWeights) or the last completed epoch's, never a partial epoch's. Cancelled stays cancelled (its model
    /// is used by name or pin, never as the model's latest); out of time is succeeded, as it always was. Without a
    /// completed epoch there is nothing to keep: cancelled, or failed for max runtime.
    /// </summary>
    private async Task FinishAsync(
        TrainingServiceDbContext db, Guid id, Guid modelId, int startEpoch, PreparedTraining prepared, Network network, TrainingResult result,
        TrainingProgressWriter progress, bool pruned)
    {
        // The trainer counts a continued job's epochs on from its start epoch (TrainingJob.StartEpoch).
        switch (result.StopReason)
        {
            case StopReason.Cancelled when result.EpochsCompleted <= startEpoch:
                await EndAsync(db, id, TrainingJobStatus.Cancelled, pruned ? StopReasons.Pruned : StopReasons.Cancelled, null, CancellationToken.None);
                return;
            case StopReason.MaxRuntime when result.EpochsCompleted <= startEpoch:
                await EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.MaxRuntime,
                    "maxRuntimeSeconds ran out before the first epoch completed (preparation counts too), so there is no model to keep; allow more time or train on fewer rows.",
                    CancellationToken.None);
                return;
            case StopReason.Diverged:
                await EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Diverged,
                    $"The loss became NaN or infinite after epoch {result.EpochsCompleted}; try a lower learning rate, gradient clipping or standardized inputs.",
                    CancellationToken.None);
                return;
        }

        string stopReason = result.StopReason switch
        {
            StopReason.EarlyStopping => StopReasons.EarlyStopping,
            StopReason.MaxRuntime => StopReasons.MaxRuntime,
            StopReason.Cancelled => pruned ? StopReasons.Pruned : StopReasons.Cancelled,
            _ => StopReasons.Completed,
        };
        var status = result.StopReason == StopReason.Cancelled ? TrainingJobStatus.Cancelled : TrainingJobStatus.Succeeded;
        string outcome = status.ToString().ToLowerInvariant();
        byte[] model = TrainedModelFormat.Write(prepared.Preprocessing, network);
        // Once, with the weights just stored (the best epoch's when early stopping restored them, else the last completed).
        var evaluation = ModelEvaluator.Evaluate(network, prepared.Preprocessing.Target, prepared.Train, prepared.Validation);
        var now = clock.GetUtcNow();
        // Retried whole on a transient fault: the status update is guarded and the model write is an upsert.
        int? bestEpoch = result.BestEpoch ?? progress.BestEpoch;
        // A cancel that arrives after the last batch finds the job trained: it succeeds (cancelling → succeeded).
        bool ended = await db.InTransactionAsync(async token =>
        {
            int updated = await db.TrainingJobs.Where(j => j.Id == id && TrainingJobStatuses.Held.Contains(j.Status)).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.StopReason, stopReason)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.BestEpoch, bestEpoch)
                // The best epoch's own validation loss: early stopping may pick the best epoch by another monitor
                // (accuracy), whose epoch is not the one with the lowest loss that the progress writer tracked.
                .SetProperty(j => j.BestValidationLoss, j => bestEpoch == null ? j.BestValidationLoss
                    : db.TrainingEpochs.Where(e => e.TrainingJobId == id && e.Epoch == bestEpoch).Select(e => e.ValidationLoss).FirstOrDefault())
                .SetProperty(j => j.BatchesCompleted, (int?)null)
                .SetProperty(j => j.LiveSamplesPerSecond, (double?)null)
                .SetProperty(j => j.Evaluation, evaluation), token);
            if (updated == 0)
                return false;
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(status, KeptEpochReason(outcome, stopReason, result), WorkerName, null), now, token);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO trained_models (training_job_id, data, created_at) VALUES ({id}, {model}, {now})
                ON CONFLICT (training_job_id) DO UPDATE SET data = excluded.data, created_at = excluded.created_at
                """);
            if (status == TrainingJobStatus.Succeeded)
                await db.Models.Where(m => m.Id == modelId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LatestTrainingJobId, id));
            // The last checkpoint stays with the kept model: it is the final training state a later job may continue
            // from (initFromJobId), and goes when the job is deleted.
            return true;
        }, CancellationToken.None);
        if (!ended)
            return;
        metrics.JobCompleted(outcome);
        logger.LogInformation("Training job {TrainingJobId} {Outcome} after {Epochs} epochs ({StopReason}), keeping epoch {WeightsEpoch}'s weights",
            id, outcome, result.EpochsCompleted, stopReason, result.WeightsEpoch);
    }

    private static string KeptEpochReason(string outcome, string stopReason, TrainingResult result) =>
        result.WeightsEpoch is { } kept && kept != result.EpochsCompleted
            ? $"{outcome} after {result.EpochsCompleted} epochs ({stopReason}), keeping epoch {kept}'s weights"
            : $"{outcome} after {result.EpochsCompleted} epochs ({stopReason})";

    /// <summary>
    /// Works under the job's tenant from here on: the Hangfire job carries only the id, and every query of the run
    /// (and each row it writes) is then its tenant's. False when the job no longer exists.
    /// </summary>
    public static async Task<bool> EnterJobTenantAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct)
    {
        var tenantId = await db.TrainingJobs.IgnoreQueryFilters().Where(j => j.Id == id).Select(j => (Guid?)j.TenantId).SingleOrDefaultAsync(ct);
        if (tenantId is null)
            return false;
        db.TenantScope.Enter(tenantId.Value);
        return true;
    }

    private enum Claim
    {
        Claimed,
        Ended,
        OutOfAttempts,

        /// <summary>A cancel requested while no worker held the job, ended by this fetch.</summary>
        Cancelled,
    }

    /// <summary>
    /// queued → running, or running again after a crash, counting the run in <see cref="TrainingJob.Attempts"/>;
    /// <see cref="Claim.Ended"/> when the job ended (or was cancelled) meanwhile, <see cref="Claim.OutOfAttempts"/> when
    /// <see cref="WorkerOptions.MaxAttempts"/> runs already died on it.
    /// </summary>
    private Task<Claim> ClaimAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct) => db.InTransactionAsync(async token =>
    {
        var now = clock.GetUtcNow();
        // A cancel requested while the job's last run was lost (or handed back) is done now, without training again.
        int cancelled = await db.TrainingJobs.Where(j => j.Id == id && j.Status == TrainingJobStatus.Cancelling).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
            .SetProperty(j => j.StopReason, StopReasons.Cancelled)
            .SetProperty(j => j.FinishedAt, now), token);
        if (cancelled == 1)
        {
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Cancelled, "cancel requested while no worker held the job", WorkerName, null), now, token);
            await DeleteCheckpointAsync(db, id, token);
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
        await EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, error, CancellationToken.None);
    }

    /// <summary>
    /// Uncounts this run, which hands the job back itself, and shows the job queued again (a cancelling one stays
    /// cancelling: the next fetch ends it). Best effort: if the database cannot be reached the run stays counted,
    /// which errs towards failing a job too early rather than fetching a killer job forever.
    /// </summary>
    private async Task GiveBackAttemptAsync(TrainingServiceDbContext db, Guid id, string reason)
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

    private async Task EndAsync(TrainingServiceDbContext db, Guid id, TrainingJobStatus status, string stopReason, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        string reason = status switch
        {
            TrainingJobStatus.Cancelled => "cancelled on request",
            _ => error ?? stopReason,
        };
        bool ended = await db.InTransactionAsync(async token =>
        {
            int updated = await db.TrainingJobs.Where(j => j.Id == id && TrainingJobStatuses.InProgress.Contains(j.Status)).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.StopReason, stopReason)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.BatchesCompleted, (int?)null)
                .SetProperty(j => j.LiveSamplesPerSecond, (double?)null)
                .SetProperty(j => j.FinishedAt, now), token);
            if (updated != 1)
                return false;
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(status, reason, WorkerName, null), now, token);
            await DeleteCheckpointAsync(db, id, token);
            return true;
        }, ct);
        if (ended)
            metrics.JobCompleted(TrainingJobStatuses.Wire(status));
    }

    /// <summary>
    /// A job that ended without a model is never resumed nor continued, and a large model's checkpoint would otherwise
    /// stay stored for good. (A job that keeps a model keeps its last checkpoint too: see <see cref="FinishAsync"/>.)
    /// </summary>
    private static Task DeleteCheckpointAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct) =>
        db.TrainingCheckpoints.Where(c => c.TrainingJobId == id).ExecuteDeleteAsync(ct);

    /// <summary>The job's last checkpoint, if any, and how long the job had run when it was taken.</summary>
    private static async Task<(TrainingCheckpoint? Checkpoint, TimeSpan RunTime)> LoadCheckpointAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct)
    {
        var stored = await db.TrainingCheckpoints.Where(c => c.TrainingJobId == id).Select(c => new { c.Data, c.RunTime }).SingleOrDefaultAsync(ct);
        return stored is null ? (null, TimeSpan.Zero) : (TrainingCheckpoint.FromBytes(stored.Data), stored.RunTime);
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
