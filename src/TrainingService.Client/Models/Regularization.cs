namespace TrainingService.Client;

/// <summary>Model-wide L1/L2 weight penalties and max-norm constraint; null in a request means the default (0, 0, none).</summary>
public sealed record Regularization(double? L1 = null, double? L2 = null, double? MaxNorm = null);
