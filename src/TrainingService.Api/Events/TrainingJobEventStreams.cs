using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using TrainingService.Api.Training;
using TrainingService.Api.Tuning;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Events;

/// <summary>
/// The streams (a job's, the tenant's, a tuning job's) as sequences of events. Each wakes on a notification for its job or tenant, on its poll interval
/// or to send a heartbeat; reads the log after the last id it sent (so replay after <c>Last-Event-ID</c> and live
/// delivery are one loop, and nothing is sent twice or skipped); and ends on its own (a job's stream after
/// <c>end</c>) or when the client leaves or the Api stops.
/// </summary>
internal static class TrainingJobEventStreams
{
    private static readonly byte[] HeartbeatComment = ": keep-alive\n\n"u8.ToArray();

    /// <summary>How long a tuning job's stream waits, after the tuning job ended, for trials still stopping.</summary>
    private static readonly TimeSpan TrialEndGrace = TimeSpan.FromMinutes(1);

    public static async IAsyncEnumerable<SseItem<object>> JobAsync(
        Guid jobId, long lastId, TrainingJobEventReader reader, TrainingJobEventHub.Subscription subscription, EventStreamOptions options,
        HttpResponse response, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var waiter = new Waiter(subscription, options, response);
        await StartAsync(response);
        (int, int)? sentProgress = null;
        while (true)
        {
            // The row first: a job that has ended had its last event committed with it, so the read below sees it.
            var job = await reader.JobAsync(jobId, CancellationToken.None);
            if (job is null)
                yield break;
            IReadOnlyList<StreamedEvent> events;
            do
            {
                events = await reader.JobEventsAfterAsync(jobId, lastId, CancellationToken.None);
                foreach (var e in events)
                {
                    lastId = e.Id;
                    yield return ToItem(e);
                }
            }
            while (events.Count == TrainingJobEventReader.PageSize);

            if (TrainingJobStatuses.HasEnded(job.Status))
            {
                yield return new SseItem<object>(new EndEvent(job.Id, job.Status, job.StopReason, job.Error), TrainingJobEventTypes.End);
                yield break;
            }

            if (ProgressEvent.From(job) is { } progress && (progress.Epoch, progress.BatchesCompleted) != sentProgress)
            {
                sentProgress = (progress.Epoch, progress.BatchesCompleted);
                yield return new SseItem<object>(progress, TrainingJobEventTypes.Progress);
            }

            if (!await waiter.WaitAsync(stop.Token))
                yield break;
        }
    }

    public static async IAsyncEnumerable<SseItem<object>> TenantAsync(
        Guid? modelId, long lastId, TrainingJobEventReader reader, TrainingJobEventHub.Subscription subscription, EventStreamOptions options,
        HttpResponse response, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var waiter = new Waiter(subscription, options, response);
        await StartAsync(response);
        while (true)
        {
            IReadOnlyList<StreamedEvent> events;
            do
            {
                events = await reader.TenantStatusEventsAfterAsync(modelId, lastId, CancellationToken.None);
                var ended = events.Where(e => TrainingJobStatuses.HasEnded(e.Transition!.Status)).Select(e => e.JobId).ToList();
                var ends = ended.Count == 0 ? [] : await reader.EndsAsync(ended, CancellationToken.None);
                foreach (var e in events)
                {
                    lastId = e.Id;
                    yield return ToItem(e);
                    if (TrainingJobStatuses.HasEnded(e.Transition!.Status) && ends.TryGetValue(e.JobId, out var end))
                        yield return new SseItem<object>(new EndEvent(e.JobId, end.Status, end.StopReason, end.Error), TrainingJobEventTypes.End);
                }
            }
            while (events.Count == TrainingJobEventReader.PageSize);

            if (!await waiter.WaitAsync(stop.Token))
                yield break;
        }
    }

    /// <summary>
    /// A tuning job's stream: its trials' status and epoch events from their log (ids are the log's, so Last-Event-ID
    /// works as on a job's stream), and the tuning job's own state as a <c>tuning</c> event whenever it changed. Ends
    /// with <c>end</c> once the tuning job has ended and its trials too (a cancelled search's running trials stop within
    /// a batch; one whose worker is lost is not waited for beyond <see cref="TrialEndGrace"/>).
    /// </summary>
    public static async IAsyncEnumerable<SseItem<object>> TuningAsync(
        Guid tuningJobId, long lastId, TuningEventReader reader, TrainingServiceDbContext db, TrainingJobEventHub.Subscription subscription,
        HashSet<Guid> watched, EventStreamOptions options, HttpResponse response, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken aborted = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var waiter = new Waiter(subscription, options, response);
        await StartAsync(response);
        // Where the search stands first, so a client knows it before any replayed trial event.
        TuningStatusEvent? sent = await TuningJobsApi.LoadAsync(tuningJobId, db, CancellationToken.None) is { } initial ? TuningStatusEvent.From(initial) : null;
        if (sent is not null)
            yield return new SseItem<object>(sent, TuningEventTypes.Tuning);
        string? sentSignature = null;
        while (true)
        {
            // The rows first, as on a job's stream: an ended tuning job's last trial events committed before it ended.
            var tuning = await reader.TuningJobAsync(tuningJobId, CancellationToken.None);
            if (tuning is null)
                yield break;
            var jobs = await reader.JobsAsync(tuningJobId, CancellationToken.None);
            lock (watched)
                watched.UnionWith(jobs.Select(j => j.Id));
            IReadOnlyList<TrialEvent> events;
            bool read = false;
            do
            {
                events = await reader.EventsAfterAsync(tuning, jobs, lastId, CancellationToken.None);
                read |= events.Count > 0;
                foreach (var e in events)
                {
                    lastId = e.Id;
                    string id = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    yield return e.Transition is { } t
                        ? new SseItem<object>(TrialStatusEvent.From(tuningJobId, e, t), TuningEventTypes.Trial) { EventId = id }
                        : new SseItem<object>(TrialEpochEvent.From(tuningJobId, e, e.Epoch!), TuningEventTypes.TrialEpoch) { EventId = id };
                }
            }
            while (events.Count == TuningEventReader.PageSize);

            // The leaderboard is read again only when something moved: trials' progress notifications wake the stream often.
            string signature = $"{tuning.Status}:{tuning.TrialsCreated}:{string.Join(',', jobs.Select(j => (int)j.Status))}";
            bool ended = TrainingJobStatuses.HasEnded(tuning.Status)
                && (jobs.All(j => TrainingJobStatuses.HasEnded(j.Status)) || DateTimeOffset.UtcNow - tuning.FinishedAt > TrialEndGrace);
            if ((read || ended || signature != sentSignature) && await TuningJobsApi.LoadAsync(tuningJobId, db, CancellationToken.None) is { } state)
            {
                sentSignature = signature;
                var now = TuningStatusEvent.From(state);
                if (now != sent)
                {
                    sent = now;
                    yield return new SseItem<object>(now, TuningEventTypes.Tuning);
                }

                if (ended)
                {
                    yield return new SseItem<object>(new TuningEndEvent(tuningJobId, state.Status, state.Error, now.BestTrialIndex, now.BestTrainingJobId, now.BestObjective),
                        TrainingJobEventTypes.End);
                    yield break;
                }
            }

            if (!await waiter.WaitAsync(stop.Token))
                yield break;
        }
    }

    /// <summary>
    /// Sends the status line and headers now: a stream with nothing to replay would otherwise keep its client
    /// waiting for them until the first event or heartbeat.
    /// </summary>
    private static async Task StartAsync(HttpResponse response)
    {
        try
        {
            // Starting alone writes the headers into the server's buffer; the flush puts them on the wire.
            await response.StartAsync();
            await response.Body.FlushAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left already; the first write or wait ends the stream.
        }
    }

    private static SseItem<object> ToItem(StreamedEvent e) => e.Transition is { } transition
        ? new SseItem<object>(StatusEvent.From(e.JobId, transition), TrainingJobEventTypes.Status) { EventId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }
        : new SseItem<object>(TrainingEpochResponse.From(e.Epoch!), TrainingJobEventTypes.Epoch) { EventId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Waits for the next wake-up, writing the heartbeat comment when it is due; false once the stream must end.</summary>
    private sealed class Waiter(TrainingJobEventHub.Subscription subscription, EventStreamOptions options, HttpResponse response)
    {
        private long _lastHeartbeat = Stopwatch.GetTimestamp();

        public async Task<bool> WaitAsync(CancellationToken stop)
        {
            var heartbeat = TimeSpan.FromSeconds(options.HeartbeatSeconds);
            var poll = TimeSpan.FromSeconds(options.PollSeconds);
            try
            {
                var untilHeartbeat = heartbeat - Stopwatch.GetElapsedTime(_lastHeartbeat);
                if (untilHeartbeat <= TimeSpan.Zero)
                {
                    // REVIEW: SseItem has no comment form, so the comment goes to the body directly. Safe: the formatter
                    // writes (and flushes) each item before it asks for the next, so nothing of its own is pending here.
                    await response.Body.WriteAsync(HeartbeatComment, stop);
                    await response.Body.FlushAsync(stop);
                    _lastHeartbeat = Stopwatch.GetTimestamp();
                    untilHeartbeat = heartbeat;
                }

                await subscription.WaitAsync(poll < untilHeartbeat ? poll : untilHeartbeat, stop);
                return true;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client left or the Api is stopping: end the stream cleanly rather than fail the request.
                return false;
            }
        }
    }
}
