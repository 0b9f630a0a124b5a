using System.Text.Json;

namespace TrainingService.Client;

/// <summary>
/// A tuning job's best trial, promoted: <see cref="ModelId"/> (the trial's own model) now predicts with
/// <see cref="TrainingJobId"/> by default (the trial's job, or with cross-validation the final job trained on every row).
/// The base model (<see cref="BaseModelId"/>) is not changed.
/// </summary>
public sealed record TuningPromotion(
    Guid TuningJobId,
    int TrialIndex,
    Guid ModelId,
    Guid TrainingJobId,
    double? Objective,
    double? ObjectiveStd,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    Guid? BaseModelId,
    string PredictionsUrl);
