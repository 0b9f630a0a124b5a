namespace TrainingService.Core.Data;

/// <summary>
/// What deleting a dataset, model or stored prediction came to: deleted, unknown, or (datasets and models) kept because
/// training jobs still use it.
/// </summary>
public abstract record DeleteOutcome
{
    public sealed record Deleted : DeleteOutcome;

    public sealed record NotFound : DeleteOutcome;

    /// <summary>Queued or running jobs hold the row; it was left as it was.</summary>
    public sealed record InUse(IReadOnlyList<Guid> TrainingJobIds) : DeleteOutcome;
}
