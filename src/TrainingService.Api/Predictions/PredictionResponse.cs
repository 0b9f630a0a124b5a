using TrainingService.Core.Evaluation;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>A stored prediction batch; <see cref="Predictions"/> holds rows <see cref="Offset"/> to <see cref="Offset"/> + its length.</summary>
/// <param name="Status">Synchronous predictions are <c>succeeded</c>; an asynchronous one goes <c>queued</c> → <c>running</c> →
/// <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>, its rows pageable as they are stored.</param>
/// <param name="RowsScored">Rows stored so far (all of <see cref="RowCount"/> once succeeded).</param>
/// <param name="DatasetId">The dataset an asynchronous prediction scores.</param>
/// <param name="Error">Why an asynchronous prediction failed.</param>
/// <param name="Evaluation">Where rows carried the target: the same evaluation a training job stores, of those rows (<c>source</c> <c>input</c>).</param>
public sealed record PredictionResponse(
    Guid Id,
    Guid ModelId,
    Guid TrainingJobId,
    DateTimeOffset CreatedAt,
    PredictionStatus Status,
    int RowCount,
    int RowsScored,
    Guid? DatasetId,
    string? Error,
    DateTimeOffset? FinishedAt,
    int Offset,
    IReadOnlyList<PredictedRow> Predictions,
    IReadOnlyDictionary<string, double>? Metrics,
    ModelEvaluation? Evaluation,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The prediction with <paramref name="rows"/> (rows <paramref name="offset"/> on) as its page.</summary>
    public static PredictionResponse From(Prediction p, int offset, IReadOnlyList<PredictedRow> rows) =>
        new(p.Id, p.ModelId, p.TrainingJobId, p.CreatedAt, p.Status, p.RowCount, p.Chunked ? p.RowsScored : p.RowCount, p.DatasetId, p.Error, p.FinishedAt,
            offset, rows, p.Metrics, p.Evaluation, p.Warnings);
}
