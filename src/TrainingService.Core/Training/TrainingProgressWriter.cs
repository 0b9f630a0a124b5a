using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Hosting;
using TrainingService.Engine.Training;
using EngineCheckpoint = TrainingService.Engine.Training.TrainingCheckpoint;

namespace TrainingService.Core.Training;

/// <summary>
/// Persists each finished epoch: its history row, the checkpoint and the job's progress in one transaction, so
/// the three never disagree and a re-run resumes exactly after the last epoch written. History rows are upserts
/// keyed by (job, epoch): a re-run after a crash overwrites an epoch instead of duplicating it.
/// </summary>
public sealed class TrainingProgressWriter(
    TrainingServiceDbContext db, Guid jobId, float targetScale, TimeProvider clock, TrainingServiceMetrics metrics)
{
    private EpochReport? _pending;

    public int? BestEpoch { get; private set; }

    public double? BestValidationLoss { get; private set; }

    public TrainingCallbacks Callbacks => new() { EpochCompleted = report => _pending = report, CheckpointCreated = Write };

    /// <summary>Continues the best-epoch tracking of an earlier attempt of the same job.</summary>
    public void ResumeBest(int? bestEpoch, double? bestValidationLoss) => (BestEpoch, BestValidationLoss) = (bestEpoch, bestValidationLoss);

    private void Write(EngineCheckpoint checkpoint)
    {
        var report = _pending ?? throw new InvalidOperationException("A checkpoint arrived without its epoch report.");
        if (report.ValidationLoss is { } loss && (BestValidationLoss is null || loss < BestValidationLoss))
            (BestEpoch, BestValidationLoss) = (report.Epoch, loss);
        string? trainMetrics = TrainingJson.SerializeMetrics(ClientMetrics.From(report.TrainMetrics, targetScale));
        string? validationMetrics = TrainingJson.SerializeMetrics(ClientMetrics.From(report.ValidationMetrics, targetScale));
        double? validationLoss = FiniteOrNull(report.ValidationLoss);
        byte[] checkpointBytes = checkpoint.ToBytes();
        var now = clock.GetUtcNow();

        // Retried whole on a transient fault: every statement is an upsert or a guarded update.
        db.Database.CreateExecutionStrategy().Execute(() =>
        {
            using var transaction = db.Database.BeginTransaction();
            db.Database.ExecuteSql($"""
                INSERT INTO training_epochs (training_job_id, epoch, train_loss, validation_loss, train_metrics, validation_metrics, learning_rate, duration_ms)
                VALUES ({jobId}, {report.Epoch}, {report.TrainLoss}, {validationLoss}, CAST({trainMetrics} AS jsonb), CAST({validationMetrics} AS jsonb), {report.LearningRate}, {report.Duration.TotalMilliseconds})
                ON CONFLICT (training_job_id, epoch) DO UPDATE SET
                    train_loss = excluded.train_loss, validation_loss = excluded.validation_loss, train_metrics = excluded.train_metrics,
                    validation_metrics = excluded.validation_metrics, learning_rate = excluded.learning_rate, duration_ms = excluded.duration_ms
                """);
            db.Database.ExecuteSql($"""
                INSERT INTO training_checkpoints (training_job_id, epoch, data, updated_at) VALUES ({jobId}, {checkpoint.Epoch}, {checkpointBytes}, {now})
                ON CONFLICT (training_job_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data, updated_at = excluded.updated_at
                """);
            db.TrainingJobs.Where(j => j.Id == jobId && j.Status == TrainingJobStatus.Running).ExecuteUpdate(s => s
                .SetProperty(j => j.EpochsCompleted, report.Epoch)
                .SetProperty(j => j.TrainLoss, report.TrainLoss)
                .SetProperty(j => j.ValidationLoss, validationLoss)
                .SetProperty(j => j.Metrics, validationMetrics ?? trainMetrics)
                .SetProperty(j => j.SamplesPerSecond, report.SamplesPerSecond)
                .SetProperty(j => j.BestEpoch, BestEpoch)
                .SetProperty(j => j.BestValidationLoss, BestValidationLoss));
            transaction.Commit();
        });
        metrics.EpochCompleted();
        metrics.RecordSamplesPerSecond(report.SamplesPerSecond);
        _pending = null;
    }

    private static double? FiniteOrNull(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
