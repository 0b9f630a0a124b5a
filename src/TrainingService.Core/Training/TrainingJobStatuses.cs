namespace TrainingService.Core.Training;

public static class TrainingJobStatuses
{
    /// <summary>A job in one of these has not ended: it holds its model and datasets and may still be claimed by a worker.</summary>
    public static readonly TrainingJobStatus[] InProgress = [TrainingJobStatus.Queued, TrainingJobStatus.Running, TrainingJobStatus.Cancelling];

    /// <summary>A worker holds the job: it trains, writes epochs and heartbeats, and ends it.</summary>
    public static readonly TrainingJobStatus[] Held = [TrainingJobStatus.Running, TrainingJobStatus.Cancelling];

    public static bool HasEnded(TrainingJobStatus status) => !InProgress.Contains(status);

    /// <summary>The wire form ("cancelling"), as the API's enums are written.</summary>
    public static string Wire(TrainingJobStatus status) => status.ToString().ToLowerInvariant();
}
