namespace TrainingService.Client;

/// <summary>Train a model on a dataset; the training fields (<see cref="TrainingSettings"/>) left null take the server's defaults.</summary>
public sealed record TrainingJobRequest(Guid ModelId, Guid DatasetId) : TrainingSettings;
