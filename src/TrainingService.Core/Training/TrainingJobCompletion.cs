using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Engine;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// How a training job ends: the final status and stop reason under a guarded update, the kept model (the best or last
/// completed epoch's weights), its evaluation, the model's latest job, the checkpoint kept with a model or deleted
/// without one, and the job's end event, all in one transaction. Every end of a run that reached the worker goes
/// through <see cref="FinishAsync"/> (the run stopped by itself or by the user) or <see cref="EndAsync"/> (failed, or
/// cancelled without a model); <see cref="Ended"/> is the one place after either commit where more may follow.
/// </summary>
public sealed class TrainingJobCompletion(TimeProvider clock, TrainingServiceMetrics metrics, ILogger<TrainingJobCompletion> logger)
{
    /// <summary>
    /// Ends a run that stopped by itself or by the user's cancel. A run cancelled or out of time after at least one
    /// completed epoch keeps a trained model: the trainer has put back the best epoch's weights (early stopping with
    /// restoreBestWeights) or the last completed epoch's, never a partial epoch's. Cancelled stays cancelled (its model
    /// is used by name or pin, never as the model's latest); out of time is succeeded, as it always was. Without a
    /// completed epoch there is nothing to keep: cancelled, or failed for max runtime.
    /// </summary>
    /// <param name="cancelReason">The stop reason of a cancelled run: <see cref="StopReasons.Cancelled"/>, or
    /// <see cref="StopReasons.Pruned"/> for a trial its tuning job pruned.</param>
    /// <param name="kept">The kept model, when the runner captured it already (<see cref="KeptModel.IsKeptAfter"/>).</param>
    public async Task FinishAsync(
        TrainingServiceDbContext db, Guid id, Guid modelId, int startEpoch, PreparedTraining prepared, Network network, TrainingResult result,
        TrainingProgressWriter progress, string cancelReason, KeptModel? kept = null)
    {
        // The trainer counts a continued job's epochs on from its start epoch (TrainingJob.StartEpoch).
        switch (result.StopReason)
        {
            case StopReason.Cancelled when result.EpochsCompleted <= startEpoch:
                await EndAsync(db, id, TrainingJobStatus.Cancelled, cancelReason, null, CancellationToken.None);
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
            StopReason.Cancelled => cancelReason,
            _ => StopReasons.Completed,
        };
        var status = result.StopReason == StopReason.Cancelled ? TrainingJobStatus.Cancelled : TrainingJobStatus.Succeeded;
        string outcome = status.ToString().ToLowerInvariant();
        // Once, with the weights stored: computed by the runner already unless it could not be.
        var (model, evaluation) = kept ?? KeptModel.Capture(prepared, network);
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
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(status, KeptEpochReason(outcome, stopReason, result), TrainingJobAttempts.WorkerName, null), now, token);
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
        logger.LogInformation("Training job {TrainingJobId} {Outcome} after {Epochs} epochs ({StopReason}), keeping epoch {WeightsEpoch}'s weights",
            id, outcome, result.EpochsCompleted, stopReason, result.WeightsEpoch);
        Ended(status);
    }

    /// <summary>Ends a job without a model (failed, or cancelled before its first epoch), deleting its checkpoint.</summary>
    public async Task EndAsync(TrainingServiceDbContext db, Guid id, TrainingJobStatus status, string stopReason, string? error, CancellationToken ct)
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
            await TrainingJobEventLog.AppendStatusAsync(db, id, new(status, reason, TrainingJobAttempts.WorkerName, null), now, token);
            await DeleteCheckpointAsync(db, id, token);
            return true;
        }, ct);
        if (ended)
            Ended(status);
    }

    /// <summary>
    /// After a run's end committed (by this worker, once per job): the metric, and the place for whatever a job's end
    /// starts in-process. (A tuning trial's end moves its tuning job on through the Hangfire continuation of its run.)
    /// </summary>
    private void Ended(TrainingJobStatus status) => metrics.JobCompleted(TrainingJobStatuses.Wire(status));

    /// <summary>
    /// A job that ended without a model is never resumed nor continued, and a large model's checkpoint would otherwise
    /// stay stored for good. (A job that keeps a model keeps its last checkpoint too: see <see cref="FinishAsync"/>.)
    /// </summary>
    internal static Task DeleteCheckpointAsync(TrainingServiceDbContext db, Guid id, CancellationToken ct) =>
        db.TrainingCheckpoints.Where(c => c.TrainingJobId == id).ExecuteDeleteAsync(ct);

    private static string KeptEpochReason(string outcome, string stopReason, TrainingResult result) =>
        result.WeightsEpoch is { } kept && kept != result.EpochsCompleted
            ? $"{outcome} after {result.EpochsCompleted} epochs ({stopReason}), keeping epoch {kept}'s weights"
            : $"{outcome} after {result.EpochsCompleted} epochs ({stopReason})";
}
