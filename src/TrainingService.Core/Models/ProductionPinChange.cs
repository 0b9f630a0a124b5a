using TrainingService.Core.Identity;

namespace TrainingService.Core.Models;

/// <summary>One change of a model's production pin: who pinned (or unpinned) which job, and when.</summary>
public sealed class ProductionPinChange : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ModelId { get; set; }

    /// <summary><see cref="ProductionPinActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>The job pinned, or the one unpinned. No foreign key: the history outlives a job deleted after its unpin.</summary>
    public Guid? TrainingJobId { get; set; }

    /// <summary><see cref="PinActor.Kind"/> of who made the change.</summary>
    public required string ActorKind { get; set; }

    public required string ActorId { get; set; }

    public string? ActorName { get; set; }

    public DateTimeOffset At { get; set; }
}
