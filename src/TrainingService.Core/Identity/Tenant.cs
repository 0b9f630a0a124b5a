namespace TrainingService.Core.Identity;

/// <summary>Who owns data: every dataset, model, training job and prediction belongs to one tenant.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
