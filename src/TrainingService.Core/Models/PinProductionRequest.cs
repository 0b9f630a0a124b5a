namespace TrainingService.Core.Models;

/// <summary>The body of <c>PUT /api/models/{id}/production</c>: the training job to pin.</summary>
public sealed record PinProductionRequest
{
    public Guid? TrainingJobId { get; init; }
}
