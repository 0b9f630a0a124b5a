using System.Text.Json;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// One trial on a tuning job's leaderboard: its training job, sampled values and objective (best over its epochs).
/// Cross-validated: the objective is the mean over its <see cref="Folds"/> (with <see cref="ObjectiveStd"/>, their
/// sample standard deviation), <see cref="TrainingJobId"/> is fold 0's job and the status sums up the folds'.
/// </summary>
public sealed record TrialStanding(
    Guid TrainingJobId,
    Guid ModelId,
    int TrialIndex,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    double? Objective,
    int? ObjectiveEpoch,
    TrainingJobStatus Status,
    string? StopReason,
    int EpochsCompleted,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? ObjectiveStd = null,
    IReadOnlyList<FoldStanding>? Folds = null);
