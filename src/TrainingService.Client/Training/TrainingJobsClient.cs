using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace TrainingService.Client;

/// <summary><c>/api/training-jobs</c>: queue, check, follow, cancel and delete training jobs; download trained models.</summary>
public sealed class TrainingJobsClient
{
    internal static readonly TimeSpan ReconnectBackoff = TimeSpan.FromMilliseconds(500);

    private readonly ApiConnection api;

    internal TrainingJobsClient(ApiConnection api) => this.api = api;

    /// <summary>Queues a job (202); a 400 names what cannot run (a missing column, a limit), a 429 the job quota.</summary>
    public Task<TrainingJob> CreateAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendJsonAsync<TrainingJob>(ApiRoutes.CreateTrainingJob, [], request, cancellationToken);
    }

    /// <summary>The dry run: every check <see cref="CreateAsync"/> makes, with the plan and estimates; nothing is stored.</summary>
    public Task<TrainingJobDryRun> ValidateAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendJsonAsync<TrainingJobDryRun>(ApiRoutes.ValidateTrainingJob, [], request, cancellationToken);
    }

    /// <summary>Jobs, newest first, optionally of one model, one dataset or in one status.</summary>
    public Task<Page<TrainingJob>> ListAsync(
        Guid? modelId = null, Guid? datasetId = null, TrainingJobStatus? status = null, int offset = 0, int limit = 50,
        CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<TrainingJob>>(ApiRoutes.ListTrainingJobs, [],
            ApiConnection.Query(("modelId", modelId), ("datasetId", datasetId), ("status", status), ("offset", offset), ("limit", limit)), cancellationToken);

    public Task<TrainingJob> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<TrainingJob>(ApiRoutes.GetTrainingJob, [id], null, cancellationToken);

    /// <summary>The epochs after <paramref name="since"/>, at most <paramref name="limit"/> (1 to 1000).</summary>
    public async Task<TrainingHistoryPage> GetHistoryAsync(Guid id, int since = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        using var request = api.Request(ApiRoutes.GetTrainingJobHistory, [id], ApiConnection.Query(("since", since), ("limit", limit)));
        using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var epochs = await response.Content.ReadFromJsonAsync<List<TrainingEpoch>>(ClientJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
        // The service sends a Link rel="next" exactly when more epochs follow; its since is the last epoch returned.
        bool more = response.Headers.TryGetValues("Link", out var links) && links.Any(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));
        return new TrainingHistoryPage(epochs, more && epochs.Count > 0 ? epochs[^1].Epoch : null);
    }

    /// <summary>Every epoch of the job's history, page after page.</summary>
    public async IAsyncEnumerable<TrainingEpoch> GetAllHistoryAsync(Guid id, int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int? since = 0;
        while (since is { } from)
        {
            var page = await GetHistoryAsync(id, from, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var epoch in page.Epochs)
                yield return epoch;
            since = page.NextSince;
        }
    }

    /// <summary>
    /// Writes the trained model to <paramref name="destination"/> as it arrives; 409 until the job has succeeded.
    /// </summary>
    /// <param name="format">null: the service's own file (fitted preprocessing and network, the engine's binary
    /// format); otherwise the <c>format</c> query value of another export the service offers (<c>onnx</c>).</param>
    public async Task DownloadModelAsync(Guid id, Stream destination, string? format = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = api.Request(ApiRoutes.DownloadTrainedModel, [id], format is null ? null : ApiConnection.Query(("format", format)));
        ApiConnection.MarkLongRunning(request);
        using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a job: a queued one at once, a running one within one batch; 409 once it has finished.</summary>
    public Task<TrainingJob> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<TrainingJob>(ApiRoutes.CancelTrainingJob, [id], null, cancellationToken);

    /// <summary>Deletes a finished job with its history, trained model and predictions; 409 while it is queued or running.</summary>
    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeleteTrainingJob, [id], cancellationToken);

    /// <summary>
    /// The job's live events: its status changes, each finished epoch, progress within the epoch, and finally its
    /// <see cref="EndEvent"/>, after which the sequence completes (at once for a job that has already ended: the
    /// service replays its stored events). A dropped connection is resumed with <c>Last-Event-ID</c>, so no status
    /// or epoch event is lost or repeated. Pass <paramref name="lastEventId"/> (an event's <see cref="TrainingJobEvent.Id"/>)
    /// to continue an earlier watch.
    /// </summary>
    public IAsyncEnumerable<TrainingJobEvent> WatchAsync(Guid jobId, long? lastEventId = null, CancellationToken cancellationToken = default) =>
        new EventStreamReader<TrainingJobEvent>(
                (after, ct) => api.ConnectEventStreamAsync(ApiRoutes.StreamTrainingJobEvents, [jobId], null, after, ct), new TrainingJobEventParser(jobId), untilEnd: true, ReconnectBackoff)
            .ReadAsync(lastEventId, cancellationToken);

    /// <summary>
    /// The status and end events of every job of your tenant (or of one model's jobs), from the next change on (or
    /// after <paramref name="lastEventId"/>); never completes: cancel the token to stop.
    /// </summary>
    public IAsyncEnumerable<TrainingJobEvent> WatchAllAsync(Guid? modelId = null, long? lastEventId = null, CancellationToken cancellationToken = default) =>
        new EventStreamReader<TrainingJobEvent>(
                (after, ct) => api.ConnectEventStreamAsync(ApiRoutes.StreamTenantTrainingJobEvents, [], modelId is null ? null : ApiConnection.Query(("modelId", modelId)), after, ct),
                new TrainingJobEventParser(null), untilEnd: false, ReconnectBackoff)
            .ReadAsync(lastEventId, cancellationToken);

    /// <summary>
    /// A single-use ticket that opens one event stream as your tenant without the key header (<c>?ticket=</c>), for a
    /// browser's EventSource; this client sends the key and does not need one.
    /// </summary>
    public Task<StreamTicket> CreateStreamTicketAsync(CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<StreamTicket>(ApiRoutes.CreateStreamTicket, [], null, cancellationToken);
}
