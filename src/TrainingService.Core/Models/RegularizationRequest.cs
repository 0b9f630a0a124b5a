using System.ComponentModel;

namespace TrainingService.Core.Models;

[Description("Model-wide regularization of dense weights (biases are never penalized).")]
public sealed record RegularizationRequest(
    [property: Description("L1 strength ≥ 0. Default 0.")]
    double? L1 = null,
    [property: Description("L2 strength ≥ 0. Default 0.")]
    double? L2 = null,
    [property: Description("Max L2 norm > 0 of each unit's incoming weights, or null for none. Default null.")]
    double? MaxNorm = null);
