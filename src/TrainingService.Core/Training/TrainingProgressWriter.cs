using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// Persists each finished epoch: its history row, the checkpoint, the job's progress and the epoch event (<see cref="TrainingJobEventLog"/>) in one transaction, so
/// they never disagree and a re-run resumes exactly after the last epoch written. History rows are upserts
/// keyed by (job, epoch): a re-run after a crash overwrites an epoch instead of duplicating it.
/// The write runs while the next epoch trains (a checkpoint of a large model takes a tenth of an epoch to store);
/// the next epoch's write waits for it, so writes stay in order and a failed write surfaces one epoch later.
/// The last epoch's checkpoint is stored too, though the job ends right after and waits for that write: it is the
/// final training state that a job continuing this one starts from (<see cref="TrainingJobParameters.InitFromJobId"/>).
/// Call <see cref="FlushAsync"/> before using the database again.
/// </summary>
public sealed class TrainingProgressWriter(
    TrainingServiceDbContext db, Guid jobId, float targetScale, JobRunTime runTime, TimeProvider clock, TrainingServiceMetrics metrics, ILogger logger)
{
    private EpochReport? _pending;
    private Task _writing = Task.CompletedTask;

    public int? BestEpoch { get; private set; }

    public double? BestValidationLoss { get; private set; }

    public TrainingCallbacks Callbacks => new() { EpochCompleted = report => _pending = report, CheckpointCreated = Write };

    /// <summary>Continues the best-epoch tracking of an earlier attempt of the same job.</summary>
    public void ResumeBest(int? bestEpoch, double? bestValidationLoss) => (BestEpoch, BestValidationLoss) = (bestEpoch, bestValidationLoss);

    /// <summary>Waits for the last epoch's write; rethrows its failure.</summary>
    public Task FlushAsync() => _writing;

    private void Write(TrainingCheckpoint checkpoint)
    {
        _writing.GetAwaiter().GetResult();
        var report = _pending ?? throw new InvalidOperationException("A checkpoint arrived without its epoch report.");
        if (report.ValidationLoss is { } loss && (BestValidationLoss is null || loss < BestValidationLoss))
            (BestEpoch, BestValidationLoss) = (report.Epoch, loss);
        var row = new EpochRow(
            report.Epoch, report.TrainLoss, FiniteOrNull(report.ValidationLoss),
            ClientMetrics.From(report.TrainMetrics, targetScale), ClientMetrics.From(report.ValidationMetrics, targetScale),
            report.LearningRate, report.Duration.TotalMilliseconds, report.SamplesPerSecond,
            checkpoint, runTime.Elapsed, BestEpoch, BestValidationLoss, clock.GetUtcNow());
        _pending = null;
        _writing = Task.Run(() => Persist(row));
    }

    private void Persist(EpochRow row)
    {
        // Serialized here, off the training thread: the checkpoint is the engine's snapshot, not live state.
        byte[] checkpoint = row.Checkpoint.ToBytes();
        string? trainMetrics = JsonbOrNull(row.TrainMetrics), validationMetrics = JsonbOrNull(row.ValidationMetrics);
        // Retried whole on a transient fault: every statement is an upsert or a guarded update.
        db.Database.CreateExecutionStrategy().Execute(() =>
        {
            using var transaction = db.Database.BeginTransaction();
            db.Database.ExecuteSql($"""
                INSERT INTO training_epochs (training_job_id, epoch, train_loss, validation_loss, train_metrics, validation_metrics, learning_rate, duration_ms)
                VALUES ({jobId}, {row.Epoch}, {row.TrainLoss}, {row.ValidationLoss}, CAST({trainMetrics} AS jsonb), CAST({validationMetrics} AS jsonb), {row.LearningRate}, {row.DurationMs})
                ON CONFLICT (training_job_id, epoch) DO UPDATE SET
                    train_loss = excluded.train_loss, validation_loss = excluded.validation_loss, train_metrics = excluded.train_metrics,
                    validation_metrics = excluded.validation_metrics, learning_rate = excluded.learning_rate, duration_ms = excluded.duration_ms
                """);
            db.Database.ExecuteSql($"""
                INSERT INTO training_checkpoints (training_job_id, epoch, data, run_time, updated_at) VALUES ({jobId}, {row.Checkpoint.Epoch}, {checkpoint}, {row.RunTime}, {row.At})
                ON CONFLICT (training_job_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data, run_time = excluded.run_time, updated_at = excluded.updated_at
                """);
            int held = db.TrainingJobs.Where(j => j.Id == jobId && TrainingJobStatuses.Held.Contains(j.Status)).ExecuteUpdate(s => s
                .SetProperty(j => j.EpochsCompleted, row.Epoch)
                .SetProperty(j => j.TrainLoss, row.TrainLoss)
                .SetProperty(j => j.ValidationLoss, row.ValidationLoss)
                .SetProperty(j => j.Metrics, row.ValidationMetrics ?? row.TrainMetrics)
                .SetProperty(j => j.SamplesPerSecond, row.SamplesPerSecond)
                .SetProperty(j => j.BestEpoch, row.BestEpoch)
                .SetProperty(j => j.BestValidationLoss, row.BestValidationLoss)
                .SetProperty(j => j.BatchesCompleted, (int?)null));
            // The epoch event goes with the row it announces; a job no longer held (cancelled while queued meanwhile) announces nothing.
            if (held == 1)
                TrainingJobEventLog.AppendEpoch(db, jobId, row.Epoch, row.At);
            transaction.Commit();
        });
        metrics.EpochCompleted();
        metrics.RecordSamplesPerSecond(row.SamplesPerSecond);
        logger.LogInformation(
            "Training job {TrainingJobId} epoch {Epoch}: train loss {TrainLoss}, validation loss {ValidationLoss}, {SamplesPerSecond:F0} samples/s",
            jobId, row.Epoch, row.TrainLoss, row.ValidationLoss, row.SamplesPerSecond);
    }

    /// <summary>What one epoch writes, captured on the training thread.</summary>
    private sealed record EpochRow(
        int Epoch, double TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double>? TrainMetrics,
        IReadOnlyDictionary<string, double>? ValidationMetrics, double LearningRate,
        double DurationMs, double SamplesPerSecond, TrainingCheckpoint Checkpoint, TimeSpan RunTime, int? BestEpoch, double? BestValidationLoss,
        DateTimeOffset At);

    /// <summary>The upsert is raw SQL (EF has no upsert), so the metrics take the converter's JSON form by hand.</summary>
    private static string? JsonbOrNull(IReadOnlyDictionary<string, double>? metrics) => metrics is null ? null : StoredJson.Serialize(metrics);

    private static double? FiniteOrNull(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
