using System.ComponentModel;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>An optimizer as sent; parameters the type does not use are rejected rather than silently ignored.</summary>
[Description("Optimizer. Parameters by type (defaults): sgd: learningRate 0.01. momentum, nesterov: learningRate 0.01, momentum 0.9. adagrad: learningRate 0.01, epsilon 1e-10. rmsprop: learningRate 0.001, rho 0.9, epsilon 1e-8. adadelta: learningRate 1.0, rho 0.95, epsilon 1e-6. adam: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8. adamw: as adam plus weightDecay 0.01. Every type: optional gradientClipNorm.")]
public sealed record OptimizerRequest(
    [property: Description("Update rule. Default adam."), StringEnum(typeof(OptimizerType))]
    string? Type = null,
    [property: Description("Base learning rate > 0. Default depends on the type.")]
    double? LearningRate = null,
    [property: Description("momentum, nesterov: momentum coefficient, 0 ≤ momentum < 1. Default 0.9.")]
    double? Momentum = null,
    [property: Description("adam, adamw: first-moment decay, 0 ≤ beta1 < 1. Default 0.9.")]
    double? Beta1 = null,
    [property: Description("adam, adamw: second-moment decay, 0 ≤ beta2 < 1. Default 0.999.")]
    double? Beta2 = null,
    [property: Description("adagrad, rmsprop, adadelta, adam, adamw: denominator guard > 0.")]
    double? Epsilon = null,
    [property: Description("rmsprop (default 0.9), adadelta (default 0.95): decay, 0 ≤ rho < 1.")]
    double? Rho = null,
    [property: Description("adamw: decoupled weight decay ≥ 0. Default 0.01.")]
    double? WeightDecay = null,
    [property: Description("Any type: clip gradients to this global L2 norm > 0. Default: no clipping.")]
    double? GradientClipNorm = null);
