namespace TrainingService.Client;

/// <summary><c>/api/tuning-jobs</c>: queue, follow, rank, cancel and delete hyperparameter searches; each trial is an ordinary training job (<see cref="TrainingJobsClient"/>).</summary>
public sealed class TuningJobsClient
{
    private readonly ApiConnection api;

    internal TuningJobsClient(ApiConnection api) => this.api = api;

    /// <summary>Queues a search (202) once the search space and the base model against the dataset pass; a 400 names each bad path or field, a 429 the job quota.</summary>
    public Task<TuningJob> CreateAsync(TuningJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendJsonAsync<TuningJob>(ApiRoutes.CreateTuningJob, [], request, cancellationToken);
    }

    /// <summary>Tuning jobs, newest first, without their best trial (get the job for it).</summary>
    public Task<Page<TuningJob>> ListAsync(int offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<TuningJob>>(ApiRoutes.ListTuningJobs, [], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    public Task<TuningJob> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<TuningJob>(ApiRoutes.GetTuningJob, [id], null, cancellationToken);

    /// <summary>The leaderboard: every trial, best objective first (trials without an objective last).</summary>
    public Task<IReadOnlyList<TrialStanding>> GetTrialsAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<IReadOnlyList<TrialStanding>>(ApiRoutes.GetTuningJobTrials, [id], null, cancellationToken);

    /// <summary>Starts no further trials, cancels queued ones and stops running ones; finished trials stay. 409 once the tuning job has finished.</summary>
    public Task<TuningJob> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<TuningJob>(ApiRoutes.CancelTuningJob, [id], null, cancellationToken);

    /// <summary>
    /// Pins the best trial's own model to its trained job (with cross-validation, the final job trained on every row), so
    /// <c>Predictions.CreateAsync(promotion.ModelId, …)</c> predicts with it. 409 while no trial has succeeded (or the final model has not trained).
    /// </summary>
    public Task<TuningPromotion> PromoteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<TuningPromotion>(ApiRoutes.PromoteTuningJob, [id], null, cancellationToken);

    /// <summary>
    /// The search's live events until it ends: its state first (and whenever it changes), each trial's status changes and
    /// epochs, then <see cref="TuningEndEvent"/>. Across dropped connections it reconnects and resumes after the last
    /// trial event received; pass <paramref name="lastEventId"/> (an event's <see cref="TuningJobEvent.Id"/>) to continue
    /// an earlier watch.
    /// </summary>
    public IAsyncEnumerable<TuningJobEvent> WatchAsync(Guid id, long? lastEventId = null, CancellationToken cancellationToken = default) =>
        new EventStreamReader<TuningJobEvent>(
                (after, ct) => api.ConnectEventStreamAsync(ApiRoutes.StreamTuningJobEvents, [id], null, after, ct), new TuningJobEventParser(), untilEnd: true,
                TrainingJobsClient.ReconnectBackoff)
            .ReadAsync(lastEventId, cancellationToken);

    /// <summary>Deletes a finished tuning job; its trials stay as ordinary training jobs. 409 while it runs.</summary>
    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeleteTuningJob, [id], cancellationToken);
}
