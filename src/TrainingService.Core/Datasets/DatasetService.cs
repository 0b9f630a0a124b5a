using TrainingService.Core.Data;

namespace TrainingService.Core.Datasets;

/// <summary>Deletes datasets no queued or running training job uses (as training or validation data).</summary>
public sealed class DatasetService(TrainingServiceDbContext db)
{
    public Task<DeleteOutcome> DeleteAsync(Guid id, CancellationToken ct) =>
        GuardedDelete.RunAsync(db, $"SELECT 1 FROM datasets WHERE id = {id} AND tenant_id = {db.TenantScope.RequiredTenantId} FOR UPDATE",
            db.Datasets.Where(d => d.Id == id), db.TrainingJobs.Where(j => j.DatasetId == id || j.ValidationDatasetId == id), ct);
}
