namespace TrainingService.Client;

/// <summary>A trained network scored on <see cref="Rows"/> rows: <see cref="Classification"/> or <see cref="Regression"/>, the other null.</summary>
public sealed record ModelEvaluation(EvaluationSource Source, int Rows, ClassificationEvaluation? Classification, RegressionEvaluation? Regression);
