using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data;

/// <summary>
/// Deletes a dataset or model only if no queued or running training job uses it, without losing a job created at the
/// same moment. Creating a job holds a share lock on the dataset and model rows through its foreign keys until it
/// commits; locking the row first makes the delete wait for that commit, and its own statement, run afterwards, then
/// sees the new job and leaves the row alone. Without the lock the delete's snapshot would miss the job and the
/// cascade would remove it after its creator had been told it was queued.
/// </summary>
public static class GuardedDelete
{
    /// <param name="lockRow">A <c>SELECT ... FOR UPDATE</c> of the row to delete.</param>
    /// <param name="row">The row to delete, by id.</param>
    /// <param name="usingJobs">The training jobs that use the row, whatever their status.</param>
    public static async Task<DeleteOutcome> RunAsync<TEntity>(
        TrainingServiceDbContext db, FormattableString lockRow, IQueryable<TEntity> row, IQueryable<TrainingJob> usingJobs, CancellationToken ct)
    {
        var blocking = usingJobs.Where(j => TrainingJobStatuses.InProgress.Contains(j.Status));
        int deleted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync(lockRow, token);
            int count = await row.Where(_ => !blocking.Any()).ExecuteDeleteAsync(token);
            await transaction.CommitAsync(token);
            return count;
        }, ct);
        if (deleted > 0)
            return new DeleteOutcome.Deleted();
        if (!await row.AnyAsync(ct))
            return new DeleteOutcome.NotFound();
        return new DeleteOutcome.InUse(await blocking.Select(j => j.Id).ToListAsync(ct));
    }
}
