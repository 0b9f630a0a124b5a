using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tuning;

/// <summary>The <c>trialEpoch</c> event (with id): a trial's stored epoch, with the objective's value at that epoch.</summary>
public sealed record TrialEpochEvent(
    Guid TuningJobId, Guid TrainingJobId, int? TrialIndex, int? Fold, int Epoch, double? Objective, double TrainLoss, double? ValidationLoss, double DurationMs)
{
    public static TrialEpochEvent From(Guid tuningJobId, TrialEvent e, TrainingEpoch epoch) =>
        new(tuningJobId, e.TrainingJobId, e.TrialIndex, e.Fold, epoch.Epoch, e.Objective, epoch.TrainLoss, epoch.ValidationLoss, epoch.DurationMs);
}
