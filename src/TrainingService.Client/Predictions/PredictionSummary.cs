namespace TrainingService.Client;

/// <summary>A stored prediction in a listing, without its rows.</summary>
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
