namespace TrainingService.Client;

/// <summary>
/// Median pruning: after <see cref="WarmupEpochs"/> epochs and once <see cref="StartupTrials"/> trials have completed,
/// a trial worse than the completed trials' median at the same epoch stops (<c>stopReason: pruned</c>). Null fields
/// take the defaults (enabled, 2, 5).
/// </summary>
public sealed record TuningPruning(bool? Enabled = null, int? WarmupEpochs = null, int? StartupTrials = null);
