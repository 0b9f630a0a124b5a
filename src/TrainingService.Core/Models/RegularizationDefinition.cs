namespace TrainingService.Core.Models;

/// <summary>Model-wide weight penalties (<c>l1·Σ|w| + l2·Σw²</c>) and max-norm constraint; biases are never penalized.</summary>
public sealed record RegularizationDefinition(double L1, double L2, double? MaxNorm);
