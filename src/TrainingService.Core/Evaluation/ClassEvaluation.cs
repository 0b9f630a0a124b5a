namespace TrainingService.Core.Evaluation;

/// <summary>One class's scores; a ratio with nothing to divide by is 0. <see cref="Support"/> is the class's actual rows.</summary>
public sealed record ClassEvaluation(string Label, double Precision, double Recall, double F1, long Support);
