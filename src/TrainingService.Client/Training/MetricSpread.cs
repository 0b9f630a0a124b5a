namespace TrainingService.Client;

/// <summary>A metric over folds: mean and sample standard deviation (null with fewer than two folds).</summary>
public sealed record MetricSpread(double Mean, double? Std);
