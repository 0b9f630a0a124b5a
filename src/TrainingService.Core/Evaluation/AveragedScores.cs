namespace TrainingService.Core.Evaluation;

/// <summary>Precision, recall and F1 averaged over classes (macro: each class alike; weighted: by support).</summary>
public sealed record AveragedScores(double Precision, double Recall, double F1);
