using TrainingService.Core.Identity;

namespace TrainingService.Core.Models;

/// <summary>
/// A stored model definition (with every default filled in), a pointer to its latest successful training and the
/// training job pinned for production, if any.
/// </summary>
public sealed class Model : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The validated definition, stored as jsonb: it is read whole, never queried into.</summary>
    public required ModelDefinition Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? LatestTrainingJobId { get; set; }

    /// <summary>
    /// The job predictions use when they name none; null falls back to <see cref="LatestTrainingJobId"/>. A foreign key
    /// (no action on delete) makes deleting the pinned job fail, however the delete races the pin.
    /// </summary>
    public Guid? ProductionTrainingJobId { get; set; }
}
