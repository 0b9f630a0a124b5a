namespace TrainingService.Core.Evaluation;

/// <summary>
/// How a trained network's outputs compare with the actual targets of <see cref="Rows"/> rows from
/// <see cref="Source"/>: <see cref="Classification"/> or <see cref="Regression"/>, the other null. Stored as jsonb
/// on a succeeded training job and on a prediction whose rows carried the target; the same shape for both.
/// </summary>
public sealed record ModelEvaluation(
    EvaluationSource Source,
    int Rows,
    ClassificationEvaluation? Classification,
    RegressionEvaluation? Regression);
