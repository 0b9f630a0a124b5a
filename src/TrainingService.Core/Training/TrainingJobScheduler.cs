using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Training;

/// <summary>Stores new jobs as queued and hands their ids to Hangfire; cancels them.</summary>
public sealed class TrainingJobScheduler(TrainingServiceDbContext db, IBackgroundJobClient hangfire, TimeProvider clock)
{
    /// <returns>
    /// The queued job; or null and the request field ("modelId", "datasetId", "validationDatasetId") whose model or
    /// dataset was deleted after the caller checked it (see <see cref="GuardedDelete"/>).
    /// </returns>
    public async Task<(TrainingJob? Job, string? DeletedField)> EnqueueAsync(Guid modelId, Guid datasetId, TrainingJobOptions options, CancellationToken ct)
    {
        var job = new TrainingJob
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            DatasetId = datasetId,
            ValidationDatasetId = options.ValidationDatasetId,
            Status = TrainingJobStatus.Queued,
            Options = options,
            Epochs = options.Epochs,
            CreatedAt = clock.GetUtcNow(),
        };
        db.TrainingJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } violation)
        {
            db.ChangeTracker.Clear();
            return (null, FieldOf(violation.ConstraintName));
        }

        // The row exists before Hangfire sees the id, so a worker never fetches a job it cannot load.
        job.HangfireJobId = hangfire.Create<TrainingJobRunner>(
            runner => runner.RunAsync(job.Id, CancellationToken.None), new EnqueuedState(Queues.Training));
        await db.SaveChangesAsync(ct);
        return (job, null);
    }

    private static string FieldOf(string? constraint) => constraint switch
    {
        _ when constraint?.EndsWith("_validation_dataset_id", StringComparison.Ordinal) == true => "validationDatasetId",
        _ when constraint?.EndsWith("_dataset_id", StringComparison.Ordinal) == true => "datasetId",
        _ => "modelId",
    };

    /// <summary>
    /// A queued job is cancelled at once; a running one is flagged and its runner stops within a batch of
    /// seeing the flag. Both are guarded updates, so a job that finished meanwhile is left as it ended.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int cancelledQueued = await db.TrainingJobs
            .Where(j => j.Id == id && j.Status == TrainingJobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
                .SetProperty(j => j.StopReason, StopReasons.Cancelled)
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.FinishedAt, now), ct);
        if (cancelledQueued == 1)
            return CancelOutcome.Cancelled;

        int flaggedRunning = await db.TrainingJobs
            .Where(j => j.Id == id && j.Status == TrainingJobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct);
        if (flaggedRunning == 1)
            return CancelOutcome.Requested;

        return await db.TrainingJobs.AnyAsync(j => j.Id == id, ct) ? CancelOutcome.AlreadyFinished : CancelOutcome.NotFound;
    }
}
