using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
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
/// Hangfire re-queue the job, which another worker resumes from the last epoch's checkpoint. The run's steps are
/// here; how runs are counted is <see cref="TrainingJobAttempts"/>, how the job ends <see cref="TrainingJobCompletion"/>.
/// </summary>
[Queue(Queues.Training)]
[AutomaticRetry(Attempts = TrainingJobAttempts.MaxRetries, DelaysInSeconds = [5, 30, 120])]
public sealed class TrainingJobRunner(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> workers, TimeProvider clock, TrainingJobAttempts attempts, TrainingJobCompletion completion,
    TrainingServiceMetrics metrics, ILogger<TrainingJobRunner> logger)
{
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

        if (!await attempts.ClaimAsync(db, id, ct))
            return;

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
            await completion.EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, ex.Message, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Host shutdown: the job goes back to the queue by our own hand, which is no death of its worker.
            await attempts.GiveBackAsync(db, id, "re-queued on worker shutdown");
            throw;
        }
        catch (Exception ex)
        {
            if (await attempts.IsRetriedAsync(scope.ServiceProvider, db, id, ex))
            {
                logger.LogWarning(ex, "Training job {TrainingJobId} hit a transient fault; Hangfire retries it", id);
                // Hangfire's retry count bounds these; counting them as deaths too would spend the job's attempts twice.
                await attempts.GiveBackAsync(db, id, $"re-queued after a transient fault: {ex.Message}");
                throw;
            }

            logger.LogError(ex, "Training job {TrainingJobId} failed", id);
            await completion.EndAsync(db, id, TrainingJobStatus.Failed, StopReasons.Failed, $"Training failed: {ex.Message}", CancellationToken.None);
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
        KeptModel? kept = null;
        bool shutdown = false;
        var pruning = Tuning.TrialPruning.Start(scopes, id, userCancel);
        await using (CancellationWatcher.Start(scopes, id, userCancel))
        await using (pruning)
        {
            try
            {
                (network, result) = Fit(prepared, checkpoint, runTime.Remaining(options.MaxRuntimeSeconds), threads, progress.Callbacks with { Progress = batches }, anyCancel.Token);
                // Cancelled by the host, not the user; else the kept model is captured while the last epoch's write runs.
                shutdown = result.StopReason == StopReason.Cancelled && !userCancel.IsCancellationRequested;
                kept = !shutdown && KeptModel.IsKeptAfter(result, job.StartEpoch) ? KeptModel.Capture(prepared, network) : null;
            }
            finally
            {
                // The last epoch's write must land (or fail) before the job ends, is re-queued or touches the database.
                await progress.FlushAsync();
            }
        }

        if (shutdown)
        {
            // Host shutdown, not the user: Hangfire re-queues the job and the next run resumes from the checkpoint.
            logger.LogInformation("Training job {TrainingJobId} interrupted by shutdown after epoch {Epoch}", id, result.EpochsCompleted);
            ct.ThrowIfCancellationRequested();
        }

        // The prune is stored with the cancel flag, so a trial pruned by a run that died before its end ends pruned too.
        bool pruned = pruning.Pruned || (result.StopReason == StopReason.Cancelled && await Tuning.TrialPruning.IsPrunedAsync(db, id, CancellationToken.None));
        await completion.FinishAsync(db, id, job.ModelId, job.StartEpoch, prepared, network, result, progress, pruned ? StopReasons.Pruned : StopReasons.Cancelled, kept);
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

    /// <summary>The job's last checkpoint, if any, and how long the job had run when it was taken.</summary>
    private static async Task<(TrainingCheckpoint? Checkpoint, TimeSpan RunTime)> LoadCheckpointAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct)
    {
        var stored = await db.TrainingCheckpoints.Where(c => c.TrainingJobId == id).Select(c => new { c.Data, c.RunTime }).SingleOrDefaultAsync(ct);
        return stored is null ? (null, TimeSpan.Zero) : (TrainingCheckpoint.FromBytes(stored.Data), stored.RunTime);
    }
}
