using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Reads a tuning job's events for its stream: the status and epoch events its trials (training jobs linked by
/// <c>tuning_job_id</c>) wrote to <c>training_job_events</c>, after an id, oldest first, a page at a time. No log of
/// its own: the tuning job's status is its row, which the stream sends as it changes.
/// </summary>
public sealed class TuningEventReader(TrainingServiceDbContext db)
{
    public const int PageSize = TrainingJobEventReader.PageSize;

    public Task<TuningJob?> TuningJobAsync(Guid id, CancellationToken ct) =>
        db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>The tuning job's jobs (trials, folds, the final job) and where each stands.</summary>
    public Task<List<TrialJobState>> JobsAsync(Guid tuningJobId, CancellationToken ct) =>
        db.TrainingJobs.AsNoTracking().Where(j => j.TuningJobId == tuningJobId)
            .Select(j => new TrialJobState(j.Id, j.TrialIndex, j.TrialFold, j.Status, j.StopReason)).ToListAsync(ct);

    public async Task<IReadOnlyList<TrialEvent>> EventsAfterAsync(TuningJob tuning, IReadOnlyList<TrialJobState> jobs, long afterId, CancellationToken ct)
    {
        var ids = jobs.Select(j => j.Id).ToList();
        var rows = await db.TrainingJobEvents.AsNoTracking().Where(e => ids.Contains(e.JobId) && e.Id > afterId)
            .OrderBy(e => e.Id).Take(PageSize).ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var byId = jobs.ToDictionary(j => j.Id);
        var metric = TuningMetric.Parse(tuning.Objective.Metric, tuning.BaseDefinition.Task);
        var epochEvents = rows.Where(r => r.Type == TrainingJobEventTypes.Epoch).Select(r => (r.JobId, Epoch: StoredJson.Deserialize<EpochEventData>(r.Data).Epoch)).ToList();
        var epochJobs = epochEvents.Select(e => e.JobId).Distinct().ToList();
        var epochNumbers = epochEvents.Select(e => e.Epoch).Distinct().ToList();
        var epochs = epochEvents.Count == 0 ? [] : (await db.TrainingEpochs.AsNoTracking()
            .Where(e => epochJobs.Contains(e.TrainingJobId) && epochNumbers.Contains(e.Epoch)).ToListAsync(ct)).ToDictionary(e => (e.TrainingJobId, e.Epoch));
        // An ended trial's status event carries its best objective (the leaderboard's figure).
        var endedJobs = rows.Where(r => r.Type == TrainingJobEventTypes.Status && TrainingJobStatuses.HasEnded(TrainingJobLiveness.ToTransition(r.Id, r.At, r.Data).Status))
            .Select(r => r.JobId).Distinct().ToList();
        var points = endedJobs.Count > 0 ? (await TrialObjectives.LoadAsync(db, tuning, null, ct)).ToLookup(p => p.TrainingJobId) : null;
        // Read after the events: a job's end row and its stop reason commit together, and the list above may predate both.
        var stopReasons = endedJobs.Count == 0 ? [] : await db.TrainingJobs.AsNoTracking().Where(j => endedJobs.Contains(j.Id))
            .ToDictionaryAsync(j => j.Id, j => j.StopReason, ct);

        var events = new List<TrialEvent>(rows.Count);
        foreach (var row in rows)
        {
            var job = byId[row.JobId];
            if (row.Type == TrainingJobEventTypes.Status)
            {
                var transition = TrainingJobLiveness.ToTransition(row.Id, row.At, row.Data);
                bool ended = TrainingJobStatuses.HasEnded(transition.Status);
                double? best = ended && points is not null ? TrialObjectives.Best(points[row.JobId], tuning.Objective.Goal!)?.Value : null;
                events.Add(new TrialEvent(row.Id, row.JobId, job.TrialIndex, job.Fold, transition, null, best, ended ? stopReasons.GetValueOrDefault(row.JobId) : null));
            }
            else if (row.Type == TrainingJobEventTypes.Epoch && epochs.TryGetValue((row.JobId, StoredJson.Deserialize<EpochEventData>(row.Data).Epoch), out var epoch))
            {
                events.Add(new TrialEvent(row.Id, row.JobId, job.TrialIndex, job.Fold, null, epoch, metric is null ? null : ObjectiveAt(epoch, metric), null));
            }
        }

        return events;
    }

    /// <summary>The objective's value in one stored epoch, as <see cref="TrialObjectives"/> reads it in SQL.</summary>
    private static double? ObjectiveAt(TrainingEpoch epoch, TuningMetric metric)
    {
        if (metric.Key == TuningMetric.Loss)
            return metric.Validation ? epoch.ValidationLoss : epoch.TrainLoss;
        var values = metric.Validation ? epoch.ValidationMetrics : epoch.TrainMetrics;
        return values is not null && values.TryGetValue(metric.Key, out double value) ? value : null;
    }

    private sealed record EpochEventData(int Epoch);
}
