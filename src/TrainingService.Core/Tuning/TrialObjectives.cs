using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;

namespace TrainingService.Core.Tuning;

/// <summary>
/// The objective per trial and epoch, straight from the trials' stored history (<c>training_epochs</c>): the loss
/// columns or a key of the metric objects. One query for a whole tuning job, filtered by tenant as raw SQL must be.
/// </summary>
public static class TrialObjectives
{
    /// <param name="upToEpoch">Only epochs up to this one (the pruner's view), or every epoch when null.</param>
    public static Task<List<ObjectivePoint>> LoadAsync(TrainingServiceDbContext db, TuningJob tuning, int? upToEpoch, CancellationToken ct)
    {
        var metric = TuningMetric.Parse(tuning.Objective.Metric, tuning.BaseDefinition.Task)
            ?? throw new InvalidOperationException($"Tuning job {tuning.Id} has an unknown objective metric '{tuning.Objective.Metric}'.");
        bool loss = metric.Key == TuningMetric.Loss;
        int last = upToEpoch ?? int.MaxValue;
        return db.Database.SqlQuery<ObjectivePoint>($"""
            SELECT e.training_job_id, e.epoch,
                CASE WHEN {loss} THEN (CASE WHEN {metric.Validation} THEN e.validation_loss ELSE e.train_loss END)
                     ELSE ((CASE WHEN {metric.Validation} THEN e.validation_metrics ELSE e.train_metrics END) ->> {metric.Key})::float8 END AS value
            FROM training_epochs e JOIN training_jobs j ON j.id = e.training_job_id
            WHERE j.tuning_job_id = {tuning.Id} AND j.trial_index IS NOT NULL AND j.tenant_id = {tuning.TenantId} AND e.epoch <= {last}
            """).ToListAsync(ct);
    }

    /// <summary>The best finite value by the goal, with its epoch; null when there is none.</summary>
    public static (double Value, int Epoch)? Best(IEnumerable<ObjectivePoint> points, string goal)
    {
        (double Value, int Epoch)? best = null;
        foreach (var point in points)
        {
            if (point.Value is not { } value || !double.IsFinite(value))
                continue;
            if (best is null || IsBetter(value, best.Value.Value, goal))
                best = (value, point.Epoch);
        }

        return best;
    }

    public static bool IsBetter(double value, double than, string goal) => goal == TuningMetric.Maximize ? value > than : value < than;
}
