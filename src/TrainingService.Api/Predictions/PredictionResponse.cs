using TrainingService.Core.Evaluation;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>A stored prediction batch; <see cref="Predictions"/> holds rows <see cref="Offset"/> to <see cref="Offset"/> + its length.</summary>
/// <param name="Evaluation">Where rows carried the target: the same evaluation a training job stores, of those rows (<c>source</c> <c>input</c>).</param>
public sealed record PredictionResponse(
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
