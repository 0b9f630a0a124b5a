using System.Text.Json;

namespace TrainingService.Client;

/// <summary>
/// One trial on a tuning job's leaderboard: its training job and model, the sampled <see cref="Parameters"/> keyed
/// by search-space path, and its <see cref="Objective"/> (best over its epochs, at <see cref="ObjectiveEpoch"/>).
/// Cross-validated: the objective is the mean over its <see cref="Folds"/> with their standard deviation
/// <see cref="ObjectiveStd"/>, and <see cref="TrainingJobId"/> is fold 0's job.
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
