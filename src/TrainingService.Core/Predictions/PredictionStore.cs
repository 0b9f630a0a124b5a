using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TrainingService.Core.Data;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Stores a synchronous prediction in one statement that also checks, in the same snapshot, what the prediction was
/// computed from: the model is the tenant's, it is still served by the prediction's training job (the named one, else
/// the production pin, else the latest succeeded job, the rule of <c>PredictionService.FindServingJobAsync</c>), and
/// that job still has its trained model; and, for a key taken from the cache, that the key is still stored. One round trip, without EF's change tracking, and no prediction is stored
/// (or returned) from a job the caller may no longer use. Raw SQL, so the tenant is named in every table it reads.
/// </summary>
internal static class PredictionStore
{
    private const string Insert = """
        INSERT INTO predictions (id, tenant_id, model_id, training_job_id, created_at, row_count, rows_scored, status, chunked,
                                 cancel_requested, results, metrics, evaluation, warnings)
        SELECT @id, m.tenant_id, m.id, @job, @created, @rows, 0, @status, false, false, @results, @metrics, @evaluation, @warnings
        FROM models m
        WHERE m.id = @model AND m.tenant_id = @tenant
          AND coalesce(@named, m.production_training_job_id, m.latest_training_job_id) = @job
          AND (@named IS NULL OR EXISTS (SELECT 1 FROM training_jobs j WHERE j.id = @named AND j.model_id = m.id AND j.tenant_id = @tenant))
          AND EXISTS (SELECT 1 FROM trained_models t JOIN training_jobs j ON j.id = t.training_job_id
                      WHERE t.training_job_id = @job AND j.tenant_id = @tenant)
          AND (@key IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = @key AND k.tenant_id = @tenant))
        """;

    /// <summary>
    /// Inserts <paramref name="prediction"/> (a succeeded, unchunked one) when its model is still served by its job for
    /// <paramref name="namedJobId"/> and <paramref name="unconfirmedKeyId"/>, when given, is still stored
    /// (<see cref="Identity.CallerKey"/>); false, storing nothing, when not (or the model is gone).
    /// </summary>
    public static async Task<bool> TryInsertAsync(
        TrainingServiceDbContext db, Prediction prediction, Guid? namedJobId, Guid? unconfirmedKeyId, CancellationToken ct)
    {
        prediction.TenantId = db.TenantScope.RequiredTenantId;
        NpgsqlParameter[] parameters =
        [
            new("id", prediction.Id),
            new("tenant", prediction.TenantId),
            new("model", prediction.ModelId),
            new("job", prediction.TrainingJobId),
            Uuid("named", namedJobId),
            Uuid("key", unconfirmedKeyId),
            new("created", prediction.CreatedAt),
            new("rows", prediction.RowCount),
            new("status", prediction.Status.ToString()),
            Jsonb("results", prediction.Results),
            Jsonb("metrics", prediction.Metrics),
            Jsonb("evaluation", prediction.Evaluation),
            new("warnings", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = prediction.Warnings },
        ];
        return await db.Database.ExecuteSqlRawAsync(Insert, parameters, ct) == 1;
    }

    private static NpgsqlParameter Uuid(string name, Guid? value) =>
        new(name, NpgsqlDbType.Uuid) { Value = value is { } id ? id : DBNull.Value };

    /// <summary>As the entity's jsonb conversion writes it (<see cref="StoredJson"/>, the property's declared type); SQL NULL for null.</summary>
    private static NpgsqlParameter Jsonb<T>(string name, T value) where T : class? =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : StoredJson.Serialize(value) };
}
