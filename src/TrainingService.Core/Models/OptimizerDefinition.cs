namespace TrainingService.Core.Models;

/// <summary>
/// The optimizer with its parameters filled in. A parameter is non-null exactly when <see cref="Type"/> uses it
/// (see <see cref="OptimizerDefaults"/>); <see cref="GradientClipNorm"/> is optional for every type.
/// </summary>
public sealed record OptimizerDefinition(
    OptimizerType Type,
    double LearningRate,
    double? Momentum = null,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Epsilon = null,
    double? Rho = null,
    double? WeightDecay = null,
    double? GradientClipNorm = null);
