using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// A search for the best model: a training job request (its fields are the trials' training settings) plus the base
/// model (<see cref="BaseModel"/> inline, or <see cref="TrainingJobRequest.ModelId"/>), the objective, the strategy
/// and the search space, whose keys are paths into the model definition (<c>optimizer.learningRate</c>,
/// <c>layers[0].units</c>, <c>layers</c>) or into the training fields (<c>batchSize</c>, <c>epochs</c>).
/// The inherited <see cref="TrainingJobRequest.Seed"/> seeds the sampling and every trial's training; the inherited
/// <see cref="TrainingJobRequest.CrossValidation"/> cross-validates every trial (then the search space may be empty).
/// </summary>
public sealed record TuningJobRequest : TrainingJobRequest
{
    public CreateModelRequest? BaseModel { get; init; }

    public TuningObjective? Objective { get; init; }

    /// <summary><c>random</c> (default) or <c>grid</c>.</summary>
    public string? Strategy { get; init; }

    /// <summary>Trials to run: random search's count (default 10); a grid runs its every point and may set this as a cap.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Most trials queued or running at once (default 1, at most <see cref="TuningOptions.MaxParallel"/>).</summary>
    public int? MaxParallel { get; init; }

    public IReadOnlyDictionary<string, SearchDimension?>? SearchSpace { get; init; }

    public TuningPruning? Pruning { get; init; }
}
