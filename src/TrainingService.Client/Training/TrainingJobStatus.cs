namespace TrainingService.Client;

/// <summary>Where a training job stands.</summary>
public enum TrainingJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
