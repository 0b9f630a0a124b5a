namespace TrainingService.Core.Models;

/// <summary>The output layer and the concrete loss of a definition against a dataset's target.</summary>
public sealed record OutputLayerSpec(int Units, OutputActivation Activation, LossFunction Loss, double? HuberDelta);
