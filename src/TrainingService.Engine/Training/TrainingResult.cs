namespace TrainingService.Engine.Training;

/// <summary>
/// Outcome of <see cref="Trainer.Fit"/>: why it stopped, how many epochs are complete in total (including
/// those before a resume), the reports of the epochs this call ran, and the best epoch when early
/// stopping tracked one (1-based, null otherwise).
/// </summary>
public sealed record TrainingResult(
    StopReason StopReason,
    int EpochsCompleted,
    IReadOnlyList<EpochReport> History,
    int? BestEpoch);
