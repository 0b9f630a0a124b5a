namespace TrainingService.Engine.Training;

/// <summary>
/// Outcome of <see cref="Trainer.Fit"/>: why it stopped, how many epochs are complete in total (including
/// those before a resume), the reports of the epochs this call ran, the best epoch when early
/// stopping tracked one (1-based, null otherwise), and <paramref name="WeightsEpoch"/>: the completed epoch whose
/// weights the network holds on return (1-based; 0 for the start weights; null after divergence, when they are the
/// diverged ones). A run cut short by cancellation or the time limit returns the best epoch's weights when early
/// stopping keeps them, else the last completed epoch's: never those of a partly run epoch.
/// </summary>
public sealed record TrainingResult(
    StopReason StopReason,
    int EpochsCompleted,
    IReadOnlyList<EpochReport> History,
    int? BestEpoch,
    int? WeightsEpoch = null);
