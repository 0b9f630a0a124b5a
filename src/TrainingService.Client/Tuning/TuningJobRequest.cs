namespace TrainingService.Client;

/// <summary>
/// A search for the best model on <see cref="DatasetId"/>: the base model (<see cref="BaseModel"/> inline, or the
/// stored <see cref="ModelId"/>), the training fields every trial uses (<see cref="TrainingSettings"/>; its
/// <see cref="TrainingSettings.Seed"/> also seeds the sampling), the objective, the strategy and the search space,
/// whose keys are paths into the model definition (<c>optimizer.learningRate</c>, <c>layers[0].units</c>,
/// <c>layers[1].rate</c>, <c>regularization.l2</c>, <c>layers</c>) or the training fields (<c>batchSize</c>). Null
/// fields take the server's defaults (objective validationLoss, random search, 10 trials, 1 at a time, pruning on).
/// </summary>
public sealed record TuningJobRequest(Guid DatasetId) : TrainingSettings
{
    /// <summary>A stored model to start from; or set <see cref="BaseModel"/>.</summary>
    public Guid? ModelId { get; init; }

    public CreateModelRequest? BaseModel { get; init; }

    public TuningObjective? Objective { get; init; }

    /// <summary><c>random</c> (seeded) or <c>grid</c> (every point of the values given).</summary>
    public string? Strategy { get; init; }

    /// <summary>Random search's trial count; a cap on a grid.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Most trials queued or running at once.</summary>
    public int? MaxParallel { get; init; }

    public IReadOnlyDictionary<string, SearchDimension>? SearchSpace { get; init; }

    public TuningPruning? Pruning { get; init; }
}
