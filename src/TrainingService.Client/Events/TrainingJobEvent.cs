namespace TrainingService.Client;

/// <summary>
/// One live event of a training job, as <see cref="TrainingJobsClient.WatchAsync"/> yields them: a closed set,
/// <see cref="StatusEvent"/>, <see cref="EpochEvent"/>, <see cref="ProgressEvent"/> and <see cref="EndEvent"/>
/// (switch over them; no other kind exists).
/// </summary>
public abstract record TrainingJobEvent
{
    private protected TrainingJobEvent()
    {
    }

    /// <summary>The event's stream id (status and epoch events); pass the last one seen as <c>lastEventId</c> to resume. Null for progress and end events, which are not replayed by id.</summary>
    public long? Id { get; init; }
}
