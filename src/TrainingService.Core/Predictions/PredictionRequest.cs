using System.Text.Json;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Rows to predict: <see cref="Rows"/> (objects keyed by column name) or a stored dataset, with the model's
/// production pin (else its latest succeeded job) unless <see cref="TrainingJobId"/> names another trained job of the model.
/// A dataset is scored in the request unless <see cref="Async"/> asks for a background job.
/// </summary>
public sealed record PredictionRequest
{
    public JsonElement[]? Rows { get; init; }

    public Guid? DatasetId { get; init; }

    public Guid? TrainingJobId { get; init; }

    /// <summary>Score <see cref="DatasetId"/> in a worker, in chunks, and answer 202 at once with the queued prediction.</summary>
    public bool Async { get; init; }
}
