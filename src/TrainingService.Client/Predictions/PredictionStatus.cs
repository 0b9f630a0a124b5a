namespace TrainingService.Client;

/// <summary>Where a prediction stands: synchronous ones are stored succeeded, asynchronous ones run like a training job.</summary>
public enum PredictionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
