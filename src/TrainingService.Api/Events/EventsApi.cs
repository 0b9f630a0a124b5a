using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Identity;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Events;

/// <summary>
/// Live training events as Server-Sent Events: one job's stream, the tenant's status stream, a tuning job's stream, and the stream tickets
/// that let a browser's EventSource open them without a key header.
/// </summary>
public static class EventsApi
{
    private const string LastEventIdHeader = "Last-Event-ID";

    private const string EventTypes =
        "Events (`event:` name, then a camelCase JSON `data:` line):\n" +
        "- `status` (with `id:`): `{ jobId, status, at, reason, worker, attempt }`: every state change (queued; started on worker X (attempt n); " +
        "re-queued on shutdown; resumed after epoch k; cancel requested → `cancelling`; ended). `worker` and `attempt` are null outside a run.\n" +
        "- `epoch` (with `id:`): the history row, exactly as GET /api/training-jobs/{id}/history returns it: " +
        "`{ epoch, trainLoss, validationLoss, trainMetrics, validationMetrics, learningRate, durationMs }`.\n" +
        "- `progress` (no `id:`, transient, at most about twice a second): `{ jobId, epoch, batchesCompleted, batchesPerEpoch, samplesPerSecond, epochEtaSeconds, jobEtaSeconds }`.\n" +
        "- `end` (no `id:`): `{ jobId, status, stopReason, error }` once the job has ended.\n" +
        "Reconnect with the `Last-Event-ID` header (or `?lastEventId=` for clients that cannot set headers) to get exactly the events missed, then live ones. " +
        "A comment line (`: keep-alive`) comes every ~15 s. Authenticate with the key header, or with `?ticket=` from POST /api/stream-tickets (never the key in a URL).";

    private const string TuningEventTypesText =
        "Events (`event:` name, then a camelCase JSON `data:` line):\n" +
        "- `tuning` (no `id:`): `{ tuningJobId, status, trials, bestTrialIndex, bestTrainingJobId, bestObjective }` at the start and whenever it changed " +
        "(`trials` are the counts of GET /api/tuning-jobs/{id}).\n" +
        "- `trial` (with `id:`): `{ tuningJobId, trainingJobId, trialIndex, fold, status, at, reason, worker, attempt, stopReason, objective }`: a trial's " +
        "status change (its own stream's `status`); `stopReason` (e.g. `pruned`) and `objective` (its best) once it ended. `trialIndex` null: the " +
        "cross-validated final job.\n" +
        "- `trialEpoch` (with `id:`): `{ tuningJobId, trainingJobId, trialIndex, fold, epoch, objective, trainLoss, validationLoss, durationMs }`.\n" +
        "- `end` (no `id:`): `{ tuningJobId, status, error, bestTrialIndex, bestTrainingJobId, bestObjective }`.";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training-jobs/{id:guid}/events", JobEventsAsync).WithName("StreamTrainingJobEvents").WithTags("Training jobs")
            .WithSummary("Stream a training job's events live (Server-Sent Events): status changes, epochs, progress, end")
            .WithDescription("Replays the job's events (all of them, or those after `Last-Event-ID`), then sends new ones as they happen, and closes " +
                "after `end`; a finished job replays everything and ends at once. curl: `curl -N -H \"X-Api-Key: $KEY\" .../api/training-jobs/{id}/events`.\n\n" + EventTypes)
            .AsEventStream()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/training-jobs/events", TenantEventsAsync).WithName("StreamTenantTrainingJobEvents").WithTags("Training jobs")
            .WithSummary("Stream the status changes of all the tenant's training jobs (or one model's, with ?modelId=), for dashboards")
            .WithDescription("`status` events of every job, each followed by `end` when it ended the job; no `epoch` or `progress` events. " +
                "Without `Last-Event-ID` it starts with the next change; with it, it replays what was missed first. The stream stays open.\n\n" + EventTypes)
            .AsEventStream();
        app.MapGet("/api/tuning-jobs/{id:guid}/events", TuningEventsAsync).WithName("StreamTuningJobEvents").WithTags("Tuning jobs")
            .WithSummary("Stream a tuning job's events live (Server-Sent Events): its state, each trial's status changes and epochs, end")
            .WithDescription("Replays its trials' events (all, or those after `Last-Event-ID`), then sends new ones, and closes after `end` (once the " +
                "tuning job and its trials have ended). Same keys, tickets and reconnects as a training job's stream.\n\n" + TuningEventTypesText)
            .AsEventStream()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/stream-tickets", CreateTicketAsync).WithName("CreateStreamTicket").WithTags("Training jobs")
            .WithSummary("Get a single-use ticket that opens one event stream as this tenant, for a browser's EventSource (which cannot send a key header)")
            .WithDescription($"Pass it as `?ticket=` to GET /api/training-jobs/{{id}}/events, GET /api/training-jobs/events or GET /api/tuning-jobs/{{id}}/events within {StreamTicketService.Lifetime.TotalSeconds:F0} s; " +
                "it works once, on those routes only.");
        return app;
    }

    /// <summary>What both stream routes share: tickets accepted, <c>text/event-stream</c>, a bad Last-Event-ID (400), too many streams (429).</summary>
    private static RouteHandlerBuilder AsEventStream(this RouteHandlerBuilder route) => route
        .WithMetadata(AcceptsStreamTicket.Instance)
        .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult>> JobEventsAsync(
        Guid id, HttpContext context, TrainingJobEventReader reader, TrainingJobEventHub hub, TenantScope tenant,
        IOptions<EventStreamOptions> options, IHostApplicationLifetime lifetime,
        [FromHeader(Name = LastEventIdHeader)] string? lastEventIdHeader, string? lastEventId, CancellationToken ct)
    {
        if (ParseLastEventId(lastEventIdHeader ?? lastEventId) is not { } after)
            return InvalidLastEventId(lastEventIdHeader ?? lastEventId);
        if (await reader.JobAsync(id, ct) is null)
            return Problems.NotFound("training job", id);
        if (Registered(hub.Subscribe(tenant.RequiredTenantId, id), context) is not { } subscription)
            return TooManyStreams(options.Value);
        return Stream(context, TrainingJobEventStreams.JobAsync(id, after, reader, subscription, options.Value, context.Response, lifetime.ApplicationStopping));
    }

    private static async Task<Results<ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult>> TenantEventsAsync(
        HttpContext context, TrainingJobEventReader reader, TrainingJobEventHub hub, TenantScope tenant,
        IOptions<EventStreamOptions> options, IHostApplicationLifetime lifetime,
        [FromHeader(Name = LastEventIdHeader)] string? lastEventIdHeader, string? lastEventId, Guid? modelId, CancellationToken ct)
    {
        string? given = lastEventIdHeader ?? lastEventId;
        if (ParseLastEventId(given) is not { } after)
            return InvalidLastEventId(given);
        if (given is null)
            after = await reader.LatestIdAsync(ct);
        if (Registered(hub.Subscribe(tenant.RequiredTenantId, jobId: null), context) is not { } subscription)
            return TooManyStreams(options.Value);
        return Stream(context, TrainingJobEventStreams.TenantAsync(modelId, after, reader, subscription, options.Value, context.Response, lifetime.ApplicationStopping));
    }

    private static async Task<Results<ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult>> TuningEventsAsync(
        Guid id, HttpContext context, TuningEventReader reader, TrainingServiceDbContext db, TrainingJobEventHub hub, TenantScope tenant,
        IOptions<EventStreamOptions> options, IHostApplicationLifetime lifetime,
        [FromHeader(Name = LastEventIdHeader)] string? lastEventIdHeader, string? lastEventId, CancellationToken ct)
    {
        if (ParseLastEventId(lastEventIdHeader ?? lastEventId) is not { } after)
            return InvalidLastEventId(lastEventIdHeader ?? lastEventId);
        if (await reader.TuningJobAsync(id, ct) is null)
            return Problems.NotFound("tuning job", id);
        // Woken by the tuning job's own notifications (its coordinator's steps, its cancel) and its trials', whose ids the stream adds as they appear.
        var watched = new HashSet<Guid> { id };
        if (Registered(hub.Subscribe(tenant.RequiredTenantId, job => { lock (watched) return watched.Contains(job); }), context) is not { } subscription)
            return TooManyStreams(options.Value);
        return Stream(context, TrainingJobEventStreams.TuningAsync(id, after, reader, db, subscription, watched, options.Value, context.Response, lifetime.ApplicationStopping));
    }

    private static async Task<Ok<StreamTicketResponse>> CreateTicketAsync(StreamTicketService tickets, CancellationToken ct)
    {
        var (ticket, expiresAt) = await tickets.IssueAsync(ct);
        return TypedResults.Ok(new StreamTicketResponse(ticket, expiresAt));
    }

    private static ServerSentEventsResult<object> Stream(HttpContext context, IAsyncEnumerable<SseItem<object>> events)
    {
        // Nginx (and ingresses built on it) would otherwise buffer the stream and deliver events late, in bursts.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(events);
    }

    /// <summary>The hub's place, released with the response whether or not the stream ever ran.</summary>
    private static TrainingJobEventHub.Subscription? Registered(TrainingJobEventHub.Subscription? subscription, HttpContext context)
    {
        if (subscription is not null)
            context.Response.RegisterForDispose(subscription);
        return subscription;
    }

    /// <summary>0 (from the start) when absent; null when not a non-negative integer.</summary>
    private static long? ParseLastEventId(string? value) =>
        string.IsNullOrEmpty(value) ? 0
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id
        : null;

    private static ValidationProblem InvalidLastEventId(string? value) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["lastEventId"] = [$"'{value}' is no event id: send the id: of the last event received (a non-negative integer), as the Last-Event-ID header or ?lastEventId=."],
        });

    private static ProblemHttpResult TooManyStreams(EventStreamOptions options) =>
        Problems.QuotaExceeded(new QuotaExceeded($"{EventStreamOptions.SectionName}__{nameof(EventStreamOptions.MaxStreamsPerTenant)}",
            options.MaxStreamsPerTenant, options.MaxStreamsPerTenant,
            $"This tenant already has {options.MaxStreamsPerTenant} event streams open; close one (or use GET /api/training-jobs/events for all jobs in one stream)."));
}
