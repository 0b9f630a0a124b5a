namespace TrainingService.Client;

/// <summary>Quantiles of the residuals <c>actual − predicted</c>.</summary>
public sealed record ResidualSummary(double Min, double P5, double P25, double P50, double P75, double P95, double Max);
