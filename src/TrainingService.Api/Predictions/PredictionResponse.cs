using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>A stored prediction batch; <see cref="Predictions"/> holds rows <see cref="Offset"/> to <see cref="Offset"/> + its length.</summary>
public sealed record PredictionResponse(
    Guid Id,
    Guid ModelId,
    Guid TrainingJobId,
    DateTimeOffset CreatedAt,
    int RowCount,
    int Offset,
    IReadOnlyList<PredictedRow> Predictions,
    IReadOnlyDictionary<string, double>? Metrics,
    IReadOnlyList<string> Warnings);
