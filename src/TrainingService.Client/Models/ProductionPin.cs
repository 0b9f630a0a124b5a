namespace TrainingService.Client;

/// <summary>A model's production pin: the training job predictions use when they name none, or null for the model's latest.</summary>
public sealed record ProductionPin(Guid ModelId, Guid? ProductionTrainingJobId);
