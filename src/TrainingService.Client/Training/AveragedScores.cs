namespace TrainingService.Client;

/// <summary>Precision, recall and F1 averaged over classes.</summary>
public sealed record AveragedScores(double Precision, double Recall, double F1);
