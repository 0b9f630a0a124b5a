using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Evaluation;

/// <summary>Errors in the target's own units; <see cref="Residuals"/> are <c>actual − predicted</c> by quantile.</summary>
public sealed record RegressionEvaluation(double Rmse, double Mae, double R2, ResidualSummary Residuals);
