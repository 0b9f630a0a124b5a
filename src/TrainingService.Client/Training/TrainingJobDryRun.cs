namespace TrainingService.Client;

/// <summary>The answer of the dry run: what the job would train, its memory and time estimates; nothing is stored.</summary>
public sealed record TrainingJobDryRun(
    TrainingPlan Plan,
    long PlannedMemoryBytes,
    string PlannedMemory,
    long FlopsPerEpoch,
    double AssumedGflops,
    double EstimatedEpochSeconds,
    double EstimatedSeconds,
    TrainingJobOptions Options);
