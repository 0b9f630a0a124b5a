namespace TrainingService.Client;

/// <summary>
/// One live event of a tuning job, as <see cref="TuningJobsClient.WatchAsync"/> yields them: a closed set,
/// <see cref="TuningStateEvent"/>, <see cref="TrialStatusEvent"/>, <see cref="TrialEpochEvent"/> and
/// <see cref="TuningEndEvent"/> (switch over them; no other kind exists).
/// </summary>
public abstract record TuningJobEvent
{
    private protected TuningJobEvent()
    {
    }

    /// <summary>The event's stream id (trial and trial-epoch events: their trial's log ids); pass the last one seen as <c>lastEventId</c> to resume. Null for the state and end events.</summary>
    public long? Id { get; init; }
}
