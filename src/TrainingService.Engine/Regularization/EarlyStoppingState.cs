namespace TrainingService.Engine.Regularization;

/// <summary>Checkpointed state of <see cref="EarlyStopping"/>; <see cref="BestValues"/> is empty when best weights are not kept or no epoch has improved yet.</summary>
public sealed record EarlyStoppingState(double Best, int BestEpoch, int Wait, IReadOnlyList<float[]> BestValues);
