using System.Text.Json;

namespace TrainingService.Bench.Tuning;

/// <param name="Objective">The service's objective: the best validation accuracy over the trial's epochs.</param>
/// <param name="LastAccuracy">The last epoch's validation accuracy: what the peers score (their model after the last epoch).</param>
/// <param name="TrainingSeconds">The epochs' own durations (training plus the validation pass), summed.</param>
internal sealed record TrialMeasure(
    int Index,
    string Status,
    string? StopReason,
    double? Objective,
    double? LastAccuracy,
    int Epochs,
    DateTimeOffset CreatedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double TrainingSeconds,
    JsonElement Parameters);
