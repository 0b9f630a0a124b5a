namespace TrainingService.Client;

/// <summary>A stored prediction in a listing, without its rows.</summary>
public sealed record PredictionSummary(
    Guid Id,
    Guid ModelId,
    Guid TrainingJobId,
    DateTimeOffset CreatedAt,
    int RowCount,
    IReadOnlyDictionary<string, double>? Metrics,
    IReadOnlyList<string> Warnings);
