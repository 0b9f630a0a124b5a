namespace TrainingService.Client;

/// <summary>An optimizer: in a request, null fields take the type's defaults (a parameter the type does not use is a 400); in a response, every parameter the type uses is filled in.</summary>
public sealed record Optimizer(
    OptimizerType? Type = null,
    double? LearningRate = null,
    double? Momentum = null,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Epsilon = null,
    double? Rho = null,
    double? WeightDecay = null,
    double? GradientClipNorm = null);
