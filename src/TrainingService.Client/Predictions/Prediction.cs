using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>A stored prediction; <see cref="Predictions"/> holds rows <see cref="Offset"/> onwards (a page of them when read back).</summary>
/// <param name="Status">Succeeded for a synchronous prediction; an asynchronous one goes queued → running → succeeded, failed or cancelled.</param>
/// <param name="RowsScored">Rows stored so far (all of <paramref name="RowCount"/> once succeeded).</param>
/// <param name="DatasetId">The dataset an asynchronous prediction scores.</param>
/// <param name="Error">Why an asynchronous prediction failed.</param>
public sealed record Prediction(
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
    /// <summary>Succeeded, failed or cancelled: nothing more will happen to the prediction.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is PredictionStatus.Succeeded or PredictionStatus.Failed or PredictionStatus.Cancelled;
}
