using TrainingService.Core.Identity;

namespace TrainingService.Core.Models;

/// <summary>A stored model definition (with every default filled in) and a pointer to its latest successful training.</summary>
public sealed class Model : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The validated definition, stored as jsonb: it is read whole, never queried into.</summary>
    public required ModelDefinition Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? LatestTrainingJobId { get; set; }
}
