namespace TrainingService.Client;

/// <summary>One change of a model's production pin: <c>pin</c> or <c>unpin</c>, which job, when, and who (<c>apiKey</c> or <c>jwt</c>, its id and name).</summary>
public sealed record ProductionPinChange(string Action, Guid? TrainingJobId, DateTimeOffset At, string ActorKind, string ActorId, string? ActorName);
