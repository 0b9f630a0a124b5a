namespace TrainingService.Client;

/// <summary>How the learning rate changes: <c>type</c> is constant, step, exponential, cosine or reduceOnPlateau; fields that do not apply to the type are ignored.</summary>
public sealed record LearningRateSchedule(
    string? Type = null,
    int? StepSize = null,
    double? Gamma = null,
    double? MinLearningRate = null,
    double? Factor = null,
    int? Patience = null);
