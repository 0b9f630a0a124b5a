using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>A stored prediction batch without its rows, for listings.</summary>
public sealed record PredictionSummary(
    Guid Id,
    Guid ModelId,
    Guid TrainingJobId,
    DateTimeOffset CreatedAt,
    PredictionStatus Status,
    int RowCount,
    int RowsScored,
    IReadOnlyDictionary<string, double>? Metrics,
    IReadOnlyList<string> Warnings);
