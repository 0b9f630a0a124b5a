using Microsoft.EntityFrameworkCore;

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
    /// <param name="delete">The guarded delete; returns the rows it deleted.</param>
    public static Task<int> RunAsync(TrainingServiceDbContext db, FormattableString lockRow, Func<CancellationToken, Task<int>> delete, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync(lockRow, token);
            int deleted = await delete(token);
            await transaction.CommitAsync(token);
            return deleted;
        }, ct);
}
