using System.Collections.Concurrent;

namespace TrainingService.Core.Predictions;

/// <summary>
/// The training job that last served each (tenant, model, named job) in this process: a warm one-row prediction
/// starts from it instead of asking PostgreSQL first. Only a guess: <see cref="PredictionStore.TryInsertAsync"/> checks
/// it again in the insert's own statement (model still the tenant's, still served by that job, which still has its
/// trained model), and a miss drops the entry and takes the path that asks first (ADR-022). So an entry can be stale
/// but never wrong in what a caller gets back.
/// </summary>
public sealed class ServingJobCache
{
    /// <summary>Entries kept at most; a full cache starts over.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(Guid TenantId, Guid ModelId, Guid? NamedJobId), Guid> _jobs = new();

    public Guid? Find(Guid tenantId, Guid modelId, Guid? namedJobId) =>
        _jobs.TryGetValue((tenantId, modelId, namedJobId), out var jobId) ? jobId : null;

    public void Remember(Guid tenantId, Guid modelId, Guid? namedJobId, Guid jobId)
    {
        if (_jobs.Count >= MaxEntries)
            _jobs.Clear();
        _jobs[(tenantId, modelId, namedJobId)] = jobId;
    }

    public void Forget(Guid tenantId, Guid modelId, Guid? namedJobId) => _jobs.TryRemove((tenantId, modelId, namedJobId), out _);
}
