namespace TrainingService.Core.Training;

public enum TrainingJobStatus
{
    Queued,
    Running,

    /// <summary>Running, with a cancel requested: its worker stops within a batch of seeing it.</summary>
    Cancelling,
    Succeeded,
    Failed,
    Cancelled,
}
