using System.Text.Json.Serialization;

namespace TrainingService.Core.Predictions;

/// <summary>One prediction: a class <see cref="Label"/> with every class's probability, or a regression <see cref="Value"/>.</summary>
public sealed record PredictedRow(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value);
