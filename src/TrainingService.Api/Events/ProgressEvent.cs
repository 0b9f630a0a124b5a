using TrainingService.Core.Training;

namespace TrainingService.Api.Events;

/// <summary>
/// The <c>progress</c> event (transient, no id): where the epoch in progress is, at most about twice a second.
/// ETAs count training only, at the current epoch's rate.
/// </summary>
public sealed record ProgressEvent(
    Guid JobId, int Epoch, int BatchesCompleted, int BatchesPerEpoch, double? SamplesPerSecond, double? EpochEtaSeconds, double? JobEtaSeconds)
{
    /// <summary>The job's progress columns as an event; null when it has none (not held, or before its first batch).</summary>
    public static ProgressEvent? From(TrainingJob job)
    {
        if (!TrainingJobStatuses.Held.Contains(job.Status) || job.BatchesCompleted is not { } done || job.BatchesPerEpoch is not { } perEpoch)
            return null;
        var (epochEta, jobEta) = TrainingJobLiveness.EtaSeconds(job);
        return new ProgressEvent(job.Id, job.EpochsCompleted + 1, done, perEpoch, job.LiveSamplesPerSecond, epochEta, jobEta);
    }
}
