namespace TrainingService.Client;

/// <summary>A classifier's evaluation: <see cref="ConfusionMatrix"/> is <c>[actual][predicted]</c>, both indexed as <see cref="Labels"/>.</summary>
public sealed record ClassificationEvaluation(
    IReadOnlyList<string> Labels,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    IReadOnlyList<ClassEvaluation> PerClass,
    double Accuracy,
    AveragedScores MacroAverage,
    AveragedScores WeightedAverage,
    double LogLoss,
    double? RocAuc);
