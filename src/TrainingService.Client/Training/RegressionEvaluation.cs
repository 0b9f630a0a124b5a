namespace TrainingService.Client;

/// <summary>A regressor's errors in the target's own units.</summary>
public sealed record RegressionEvaluation(double Rmse, double Mae, double R2, ResidualSummary Residuals);
