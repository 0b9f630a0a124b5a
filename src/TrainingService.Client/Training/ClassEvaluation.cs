namespace TrainingService.Client;

/// <summary>One class's scores; <see cref="Support"/> is its actual rows.</summary>
public sealed record ClassEvaluation(string Label, double Precision, double Recall, double F1, long Support);
