using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

/// <summary>What <c>POST /api/training-jobs/validate</c> answers for a job that would be accepted; nothing is stored.</summary>
/// <param name="Plan">What the job would train, as <c>GET /api/training-jobs/{id}</c> would show it.</param>
/// <param name="PlannedMemoryBytes">Memory a worker would hold for the job, the figure checked against <c>Training__MaxJobMemoryBytes</c>.</param>
/// <param name="PlannedMemory">The same estimate in words, with what it is made of.</param>
/// <param name="FlopsPerEpoch">Floating-point operations of the matrix products of one epoch (training and validation rows).</param>
/// <param name="AssumedGflops">The rate assumed for a worker (<c>Training__EstimateGflops</c>; the default is the engine's measured rate on one core).</param>
/// <param name="EstimatedEpochSeconds"><paramref name="FlopsPerEpoch"/> at <paramref name="AssumedGflops"/>; small networks take longer (per-batch overheads).</param>
/// <param name="EstimatedSeconds">Every epoch of the request; early stopping or <c>maxRuntimeSeconds</c> may end the job sooner.</param>
/// <param name="Options">The job request with every default filled in, as the job would store it.</param>
public sealed record TrainingJobDryRunResponse(
    TrainingPlan Plan,
    long PlannedMemoryBytes,
    string PlannedMemory,
    long FlopsPerEpoch,
    double AssumedGflops,
    double EstimatedEpochSeconds,
    double EstimatedSeconds,
    TrainingJobParameters Options)
{
    public static TrainingJobDryRunResponse From(CreateTrainingJobOutcome.Planned planned) => new(
        planned.Plan.Trains, planned.Plan.MemoryBytes, planned.Plan.DescribeMemory(), planned.Plan.FlopsPerEpoch,
        planned.AssumedGflops, planned.EpochSeconds, planned.EpochSeconds * planned.Parameters.Epochs, planned.Parameters);
}
