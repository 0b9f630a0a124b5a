namespace TrainingService.Core.Tuning;

/// <summary>
/// Median pruning, as Optuna's default pruner: after <see cref="WarmupEpochs"/> epochs and once
/// <see cref="StartupTrials"/> trials have completed, a trial whose best objective so far is worse than the median of
/// the completed trials' objective at the same epoch is stopped (<c>stopReason: pruned</c>).
/// </summary>
public sealed record TuningPruning
{
    public bool Enabled { get; init; } = true;

    public int WarmupEpochs { get; init; } = 2;

    public int StartupTrials { get; init; } = 5;
}
