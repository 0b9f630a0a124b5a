namespace TrainingService.Core.Evaluation;

/// <param name="Labels">The class labels in the model's order; the matrix and <paramref name="PerClass"/> follow it.</param>
/// <param name="ConfusionMatrix">Row counts: <c>[actual][predicted]</c>, both indexed as <paramref name="Labels"/>.</param>
/// <param name="RocAuc">Binary: the AUC of the second label's probability. More classes: the mean one-vs-rest AUC over
/// the classes present (and not every row). Null when no class's AUC is defined (a single class in the rows).</param>
public sealed record ClassificationEvaluation(
    IReadOnlyList<string> Labels,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    IReadOnlyList<ClassEvaluation> PerClass,
    double Accuracy,
    AveragedScores MacroAverage,
    AveragedScores WeightedAverage,
    double LogLoss,
    double? RocAuc);
