using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.CrossValidation;

/// <summary>
/// The job that follows k fold jobs, as H2O does it: the same model and settings on every row, for the folds' mean best
/// epoch count, with no validation split and no early stopping (there is nothing left to validate on). Shared by a
/// tuning job's final job and a cross-validated training job.
/// </summary>
public static class FinalModel
{
    /// <summary>The mean over the folds of the epoch each reached its best objective, rounded half away from zero; at least 1.</summary>
    public static int Epochs(IEnumerable<FoldStanding> folds) =>
        Math.Max(1, (int)Math.Round(folds.Average(f => f.ObjectiveEpoch ?? 1), MidpointRounding.AwayFromZero));

    /// <summary>The final job's request: <paramref name="training"/> on every row for <paramref name="epochs"/> epochs.</summary>
    public static TrainingJobRequest Request(TrainingJobRequest training, int? epochs) =>
        training with { Epochs = epochs ?? training.Epochs, ValidationSplit = 0, ValidationDatasetId = null, EarlyStopping = null };
}
