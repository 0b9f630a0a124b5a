using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Core.Events;

/// <summary>
/// Appends to <c>training_job_events</c> and wakes the Api processes' event streams with <c>NOTIFY</c> on
/// <see cref="Channel"/>, ids only (<c>tenantId:jobId</c>). Called inside the transaction of the change the event
/// records: PostgreSQL delivers a notification only when its transaction commits, so a stream never hears of a row
/// it cannot read yet, and a rolled-back change leaves neither row nor notification. The tenant comes from the
/// job's row and the caller's tenant scope both, as raw SQL must name it.
/// </summary>
public static class TrainingJobEventLog
{
    public const string Channel = "training_job_events";

    public static async Task AppendStatusAsync(TrainingServiceDbContext db, Guid jobId, StatusEventData data, DateTimeOffset at, CancellationToken ct)
    {
        Guid tenantId = db.TenantScope.RequiredTenantId;
        string json = StoredJson.Serialize(data);
        await db.Database.ExecuteSqlAsync($"""
            WITH e AS (
                INSERT INTO training_job_events (job_id, tenant_id, type, at, data)
                SELECT id, tenant_id, {TrainingJobEventTypes.Status}, {at}, CAST({json} AS jsonb) FROM training_jobs WHERE id = {jobId} AND tenant_id = {tenantId}
                RETURNING job_id, tenant_id)
            SELECT pg_notify({Channel}, e.tenant_id::text || ':' || e.job_id::text) FROM e
            """, ct);
    }

    /// <summary>
    /// The epoch event of a stored history row, once per epoch: a re-run that re-trains an epoch after a crash upserts
    /// the row (the stream reads the row as stored) but does not announce the epoch a second time.
    /// </summary>
    public static void AppendEpoch(TrainingServiceDbContext db, Guid jobId, int epoch, DateTimeOffset at)
    {
        Guid tenantId = db.TenantScope.RequiredTenantId;
        string json = $$"""{"epoch": {{epoch}}}""";
        db.Database.ExecuteSql($"""
            WITH e AS (
                INSERT INTO training_job_events (job_id, tenant_id, type, at, data)
                SELECT id, tenant_id, {TrainingJobEventTypes.Epoch}, {at}, CAST({json} AS jsonb) FROM training_jobs
                WHERE id = {jobId} AND tenant_id = {tenantId} AND NOT EXISTS (
                    SELECT 1 FROM training_job_events x WHERE x.job_id = {jobId} AND x.type = {TrainingJobEventTypes.Epoch} AND (x.data ->> 'epoch')::int = {epoch})
                RETURNING job_id, tenant_id)
            SELECT pg_notify({Channel}, e.tenant_id::text || ':' || e.job_id::text) FROM e
            """);
    }

    /// <summary>Wakes the job's streams for a change that is no event of its own (the progress columns).</summary>
    public static Task NotifyAsync(TrainingServiceDbContext db, Guid jobId, CancellationToken ct)
    {
        string payload = $"{db.TenantScope.RequiredTenantId}:{jobId}";
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
    }

    /// <summary>Parses a notification's payload; false for anything not of our form.</summary>
    public static bool TryParse(string payload, out Guid tenantId, out Guid jobId)
    {
        jobId = Guid.Empty;
        int colon = payload.IndexOf(':', StringComparison.Ordinal);
        return Guid.TryParse(payload.AsSpan(0, Math.Max(colon, 0)), out tenantId) & (colon > 0 && Guid.TryParse(payload.AsSpan(colon + 1), out jobId));
    }

    /// <summary>Runs <paramref name="work"/> in one transaction under the context's execution strategy (which retries it whole).</summary>
    public static Task<T> InTransactionAsync<T>(this TrainingServiceDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            T result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);
}
