namespace TrainingService.Client;

/// <summary>One prediction: a class <see cref="Label"/> with every class's probability, or a regression <see cref="Value"/>.</summary>
public sealed record PredictedRow(string? Label, IReadOnlyDictionary<string, double>? Probabilities, double? Value);
