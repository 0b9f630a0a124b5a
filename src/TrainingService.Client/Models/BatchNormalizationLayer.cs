namespace TrainingService.Client;

/// <summary>Normalizes each feature over the batch.</summary>
public sealed record BatchNormalizationLayer : Layer;
