namespace TrainingService.Core.Models;

/// <summary>Normalizes each feature over the batch while training and by running statistics at inference.</summary>
public sealed record BatchNormalizationLayerDefinition : LayerDefinition;
