namespace TrainingService.Client;

/// <summary>A stored prediction; <see cref="Predictions"/> holds rows <see cref="Offset"/> onwards (a page of them when read back).</summary>
public sealed record Prediction(
    Guid Id,
    Guid ModelId,
    Guid TrainingJobId,
    DateTimeOffset CreatedAt,
    int RowCount,
    int Offset,
    IReadOnlyList<PredictedRow> Predictions,
    IReadOnlyDictionary<string, double>? Metrics,
    ModelEvaluation? Evaluation,
    IReadOnlyList<string> Warnings);
