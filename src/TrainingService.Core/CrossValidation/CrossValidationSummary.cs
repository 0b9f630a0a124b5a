using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.CrossValidation;

/// <summary>
/// A cross-validated training job's folds and what they came to: each fold's metrics at its best epoch, and per metric
/// the mean ± sample standard deviation over the folds that have it (H2O's cross-validation metrics summary).
/// <see cref="FinalEpochs"/> is what the job itself trains on every row once every fold succeeded.
/// </summary>
/// <param name="TuningJobId">The one-point tuning job that runs the folds (GET /api/tuning-jobs/{id}).</param>
/// <param name="Status">The folds' status taken together: running while any runs, succeeded once all did.</param>
public sealed record CrossValidationSummary(
    Guid TuningJobId,
    int Folds,
    bool Stratified,
    TrainingJobStatus Status,
    IReadOnlyList<CrossValidationFoldResult> FoldJobs,
    IReadOnlyDictionary<string, MetricSpread> Metrics,
    double? MeanBestEpoch,
    int? FinalEpochs)
{
    /// <summary>The summary of <paramref name="jobId"/>'s cross-validation; null for a job without one.</summary>
    public static async Task<CrossValidationSummary?> LoadAsync(TrainingServiceDbContext db, Guid jobId, CancellationToken ct)
    {
        var tuning = await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.CrossValidatedJobId == jobId, ct);
        if (tuning?.CrossValidation is not { } cv)
            return null;
        var trial = (await TuningLeaderboard.LoadAsync(db, tuning, ct)).SingleOrDefault();
        var folds = trial?.Folds ?? [];
        var ids = folds.Select(f => f.TrainingJobId).ToList();
        var epochs = folds.Where(f => f.ObjectiveEpoch is not null).Select(f => f.ObjectiveEpoch!.Value).Distinct().ToList();
        var rows = (await db.TrainingEpochs.AsNoTracking().Where(e => ids.Contains(e.TrainingJobId) && epochs.Contains(e.Epoch))
            .Select(e => new { e.TrainingJobId, e.Epoch, e.ValidationLoss, e.ValidationMetrics }).ToListAsync(ct))
            .ToDictionary(e => (e.TrainingJobId, e.Epoch));

        var results = folds.Select(f =>
        {
            Dictionary<string, double>? metrics = null;
            if (f.ObjectiveEpoch is { } best && rows.TryGetValue((f.TrainingJobId, best), out var row))
            {
                metrics = (row.ValidationMetrics ?? new Dictionary<string, double>()).ToDictionary(m => "validation" + char.ToUpperInvariant(m.Key[0]) + m.Key[1..], m => m.Value);
                if (row.ValidationLoss is { } loss)
                    metrics["validationLoss"] = loss;
            }

            return new CrossValidationFoldResult(f.Fold, f.TrainingJobId, f.Status, f.ObjectiveEpoch, metrics);
        }).ToList();
        var spreads = results.SelectMany(r => r.Metrics ?? new Dictionary<string, double>()).GroupBy(m => m.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => MetricSpread.Of([.. g.Select(m => m.Value)])!, StringComparer.Ordinal);
        var bestEpochs = folds.Where(f => f.ObjectiveEpoch is not null).ToList();
        bool allSucceeded = folds.Count == cv.Folds && folds.All(f => f.Status == TrainingJobStatus.Succeeded);
        return new CrossValidationSummary(tuning.Id, cv.Folds, cv.Stratified, trial?.Status ?? (TrainingJobStatuses.InProgress.Contains(tuning.Status) ? TrainingJobStatus.Queued : tuning.Status), results, spreads,
            bestEpochs.Count == 0 ? null : bestEpochs.Average(f => f.ObjectiveEpoch!.Value), allSucceeded ? FinalModel.Epochs(folds) : null);
    }
}
