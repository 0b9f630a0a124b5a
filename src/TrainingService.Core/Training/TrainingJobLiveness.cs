using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Training;

/// <summary>
/// What a job's row alone does not say: whether its worker still beats, where it waits in the queue, when it will
/// end, and the state changes it went through (its status events).
/// </summary>
public sealed class TrainingJobLiveness(TrainingServiceDbContext db, IOptions<WorkerOptions> workers, TimeProvider clock)
{
    /// <summary>Held by a worker whose heartbeat stopped: killed or lost; another fetch of the job will resume it.</summary>
    public bool IsStale(TrainingJob job) =>
        TrainingJobStatuses.Held.Contains(job.Status) && job.LastHeartbeatAt is { } beat && clock.GetUtcNow() - beat > workers.Value.StaleAfter;

    /// <summary>
    /// 1-based place among all queued jobs, every tenant's, oldest first: the workers serve one Hangfire queue in
    /// that order, so other tenants' jobs ahead of this one delay it too (only their number is shown). Null unless
    /// queued. REVIEW: a job handed back on shutdown is fetched again in Hangfire's order, which is not its creation time.
    /// </summary>
    public async Task<int?> QueuePositionAsync(TrainingJob job, CancellationToken ct)
    {
        if (job.Status != TrainingJobStatus.Queued)
            return null;
        return await db.TrainingJobs.IgnoreQueryFilters()
            .CountAsync(j => j.Status == TrainingJobStatus.Queued && j.CreatedAt <= job.CreatedAt, ct);
    }

    public async Task<IReadOnlyList<StatusTransition>> TransitionsAsync(Guid jobId, CancellationToken ct)
    {
        var rows = await db.TrainingJobEvents.AsNoTracking().Where(e => e.JobId == jobId && e.Type == TrainingJobEventTypes.Status)
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.At, e.Data }).ToListAsync(ct);
        return rows.ConvertAll(r => ToTransition(r.Id, r.At, r.Data));
    }

    public static StatusTransition ToTransition(long id, DateTimeOffset at, string data)
    {
        var status = StoredJson.Deserialize<StatusEventData>(data);
        return new StatusTransition(id, at, status.Status, status.Reason, status.Worker, status.Attempt);
    }

    /// <summary>
    /// Seconds until the job's last epoch ends at the current epoch's rate (the last whole epoch's rate before the
    /// first batch is in): the rest of this epoch plus the epochs after it. Validation time is not counted. Null
    /// unless the job runs and has a rate.
    /// </summary>
    public static (double? Epoch, double? Job) EtaSeconds(TrainingJob job)
    {
        if (!TrainingJobStatuses.Held.Contains(job.Status) || job.BatchesPerEpoch is not { } perEpoch || perEpoch == 0)
            return (null, null);
        double? rate = job.LiveSamplesPerSecond ?? job.SamplesPerSecond;
        if (rate is not > 0)
            return (null, null);
        double batchSeconds = job.Parameters.BatchSize / rate.Value;
        double epochEta = (perEpoch - (job.BatchesCompleted ?? 0)) * batchSeconds;
        int epochsAfter = Math.Max(0, job.Epochs - job.EpochsCompleted - 1);
        return (epochEta, epochEta + epochsAfter * perEpoch * batchSeconds);
    }
}
