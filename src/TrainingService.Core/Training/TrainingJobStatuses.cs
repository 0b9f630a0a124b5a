namespace TrainingService.Core.Training;

public static class TrainingJobStatuses
{
    /// <summary>A job in one of these has not ended: it holds its model and datasets and may still be claimed by a worker.</summary>
    public static readonly TrainingJobStatus[] InProgress = [TrainingJobStatus.Queued, TrainingJobStatus.Running];
}
