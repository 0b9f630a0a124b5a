using System.ComponentModel;
using TrainingService.Core.Models;

namespace TrainingService.Api.Models;

/// <summary>One change of a model's production pin.</summary>
public sealed record ProductionPinChangeResponse(
    [property: Description("pin or unpin.")]
    string Action,
    [property: Description("The job pinned, or the one unpinned.")]
    Guid? TrainingJobId,
    DateTimeOffset At,
    [property: Description("apiKey or jwt.")]
    string ActorKind,
    [property: Description("The API key's id, or the JWT's subject.")]
    string ActorId,
    [property: Description("The API key's name, or the JWT's name claim.")]
    string? ActorName)
{
    public static ProductionPinChangeResponse From(ProductionPinChange change) =>
        new(change.Action, change.TrainingJobId, change.At, change.ActorKind, change.ActorId, change.ActorName);
}
