using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;

namespace TrainingService.Core.Identity;

/// <summary>
/// Checks the current tenant's use against its quotas before work that adds to it. Checks, not reservations: two
/// requests racing at the limit may both pass, so a quota can be overshot by one upload or one job.
/// </summary>
public sealed class TenantQuotas(TrainingServiceDbContext db, IOptions<QuotaOptions> options)
{
    public async Task<QuotaExceeded?> CheckNewJobAsync(CancellationToken ct)
    {
        int limit = options.Value.MaxActiveJobs;
        int active = await db.TrainingJobs.CountAsync(j => TrainingJobStatuses.InProgress.Contains(j.Status), ct);
        return active < limit ? null : new QuotaExceeded(nameof(QuotaOptions.MaxActiveJobs), limit, active,
            $"Your tenant has {active} training jobs queued or running, the most it may have at once ({limit}); wait for one to finish or cancel one.");
    }

    public async Task<QuotaExceeded?> CheckNewAsyncPredictionAsync(CancellationToken ct)
    {
        int limit = options.Value.MaxActivePredictions;
        int active = await db.Predictions.CountAsync(p => p.Status == PredictionStatus.Queued || p.Status == PredictionStatus.Running, ct);
        return active < limit ? null : new QuotaExceeded(nameof(QuotaOptions.MaxActivePredictions), limit, active,
            $"Your tenant has {active} asynchronous predictions queued or running, the most it may have at once ({limit}); wait for one to finish or cancel one.");
    }

    public async Task<QuotaExceeded?> CheckNewDatasetAsync(CancellationToken ct)
    {
        var use = await db.Datasets.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Bytes = g.Sum(d => d.SizeBytes) }).SingleOrDefaultAsync(ct);
        int count = use?.Count ?? 0;
        long bytes = use?.Bytes ?? 0;
        var quota = options.Value;
        if (count >= quota.MaxDatasets)
            return new QuotaExceeded(nameof(QuotaOptions.MaxDatasets), quota.MaxDatasets, count,
                $"Your tenant stores {count} datasets, the most it may ({quota.MaxDatasets}); delete one to upload another.");
        if (bytes >= quota.MaxDatasetBytes)
            return new QuotaExceeded(nameof(QuotaOptions.MaxDatasetBytes), quota.MaxDatasetBytes, bytes,
                $"Your tenant's datasets take {bytes} bytes, at or over its {quota.MaxDatasetBytes}; delete some to upload more.");
        return null;
    }
}
