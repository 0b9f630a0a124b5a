using TrainingService.Core.Training;

namespace TrainingService.Api.Tuning;

/// <summary>
/// The <c>tuning</c> event (no id: it is the tuning job's row, sent at the start and whenever its status, trial counts
/// or best trial change): where the search stands.
/// </summary>
public sealed record TuningStatusEvent(
    Guid TuningJobId, TrainingJobStatus Status, TuningProgressResponse Trials, int? BestTrialIndex, Guid? BestTrainingJobId, double? BestObjective)
{
    public static TuningStatusEvent From(TuningJobResponse job) =>
        new(job.Id, job.Status, job.Trials, job.BestTrial?.TrialIndex, job.BestTrial?.TrainingJobId, job.BestTrial?.Objective);
}
