namespace TrainingService.Core.Predictions;

/// <summary>
/// Where a prediction stands. Inline rows and synchronous dataset predictions are stored <see cref="Succeeded"/>;
/// an asynchronous one goes queued → running → succeeded, failed or cancelled, like a training job.
/// </summary>
public enum PredictionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
