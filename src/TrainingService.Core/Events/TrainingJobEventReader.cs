using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Core.Events;

/// <summary>
/// Reads the event log for the streams: a job's events, or a tenant's status events, after an id, oldest first, a
/// page at a time. Epoch events carry the history row as stored (the event only names the epoch).
/// </summary>
public sealed class TrainingJobEventReader(TrainingServiceDbContext db)
{
    /// <summary>How many events one read returns at most; a stream that gets a full page reads again at once.</summary>
    public const int PageSize = 500;

    public async Task<TrainingJob?> JobAsync(Guid jobId, CancellationToken ct) =>
        await db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);

    public async Task<IReadOnlyList<StreamedEvent>> JobEventsAfterAsync(Guid jobId, long afterId, CancellationToken ct)
    {
        var rows = await db.TrainingJobEvents.AsNoTracking().Where(e => e.JobId == jobId && e.Id > afterId)
            .OrderBy(e => e.Id).Take(PageSize).ToListAsync(ct);
        var epochNumbers = rows.Where(r => r.Type == TrainingJobEventTypes.Epoch).Select(r => EpochOf(r.Data)).ToList();
        var epochs = epochNumbers.Count == 0
            ? new Dictionary<int, TrainingEpoch>()
            : await db.TrainingEpochs.AsNoTracking().Where(e => e.TrainingJobId == jobId && epochNumbers.Contains(e.Epoch)).ToDictionaryAsync(e => e.Epoch, ct);
        var events = new List<StreamedEvent>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Type == TrainingJobEventTypes.Status)
                events.Add(new StreamedEvent(row.Id, row.JobId, TrainingJobLiveness.ToTransition(row.Id, row.At, row.Data), null));
            // An epoch whose row is gone (never, short of a manual delete) is skipped rather than sent empty.
            else if (row.Type == TrainingJobEventTypes.Epoch && epochs.TryGetValue(EpochOf(row.Data), out var epoch))
                events.Add(new StreamedEvent(row.Id, row.JobId, null, epoch));
        }

        return events;
    }

    /// <summary>The tenant's status events after <paramref name="afterId"/>, of one model's jobs when <paramref name="modelId"/> is set.</summary>
    public async Task<IReadOnlyList<StreamedEvent>> TenantStatusEventsAfterAsync(Guid? modelId, long afterId, CancellationToken ct)
    {
        var query = db.TrainingJobEvents.AsNoTracking().Where(e => e.Type == TrainingJobEventTypes.Status && e.Id > afterId);
        if (modelId is not null)
            query = query.Where(e => db.TrainingJobs.Any(j => j.Id == e.JobId && j.ModelId == modelId));
        var rows = await query.OrderBy(e => e.Id).Take(PageSize).ToListAsync(ct);
        return rows.ConvertAll(r => new StreamedEvent(r.Id, r.JobId, TrainingJobLiveness.ToTransition(r.Id, r.At, r.Data), null));
    }

    /// <summary>The newest event id the tenant can see: where a tenant stream without Last-Event-ID starts.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct) =>
        await db.TrainingJobEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;

    /// <summary>The end of each ended job among <paramref name="jobIds"/>: status, stop reason and error.</summary>
    public async Task<Dictionary<Guid, (TrainingJobStatus Status, string? StopReason, string? Error)>> EndsAsync(IReadOnlyCollection<Guid> jobIds, CancellationToken ct)
    {
        var rows = await db.TrainingJobs.AsNoTracking().Where(j => jobIds.Contains(j.Id))
            .Select(j => new { j.Id, j.Status, j.StopReason, j.Error }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Status, r.StopReason, r.Error));
    }

    private static int EpochOf(string data) => StoredJson.Deserialize<EpochEventData>(data).Epoch;

    private sealed record EpochEventData(int Epoch);
}
