using System.Text.Json;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Rows to predict: <see cref="Rows"/> (objects keyed by column name) or a stored dataset, with the model's
/// latest trained job unless <see cref="TrainingJobId"/> names another succeeded job of the model.
/// </summary>
public sealed record PredictionRequest
{
    public JsonElement[]? Rows { get; init; }

    public Guid? DatasetId { get; init; }

    public Guid? TrainingJobId { get; init; }
}
