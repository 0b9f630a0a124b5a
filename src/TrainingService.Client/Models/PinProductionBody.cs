namespace TrainingService.Client;

/// <summary>The body of <c>PUT /api/models/{id}/production</c>.</summary>
internal sealed record PinProductionBody(Guid TrainingJobId);
