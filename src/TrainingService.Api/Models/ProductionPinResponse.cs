namespace TrainingService.Api.Models;

/// <summary>A model's production pin after a change: the job predictions use by default, or null for the latest.</summary>
public sealed record ProductionPinResponse(Guid ModelId, Guid? ProductionTrainingJobId);
