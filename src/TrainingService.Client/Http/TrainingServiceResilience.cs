using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace TrainingService.Client;

/// <summary>
/// The standard resilience handler, tuned for this API. Retried: GET, HEAD, OPTIONS and TRACE on a transient failure
/// (5xx, 408, 429 honouring Retry-After, a connection error or an attempt timeout), with exponential backoff and
/// jitter. Never retried: POST, PUT, PATCH and DELETE, because a repeated upload, job, prediction or key would be a
/// second one, and a repeated delete would answer 404 for a delete that happened.
/// </summary>
internal static class TrainingServiceResilience
{
    /// <summary>Set on uploads and event streams, which last as long as the file or the job; see <see cref="ApiConnection.MarkLongRunning"/>.</summary>
    public static readonly HttpRequestOptionsKey<bool> LongRunning = new("TrainingService.LongRunning");

    public static void Configure(HttpStandardResilienceOptions resilience, TrainingServiceClientOptions client)
    {
        resilience.Retry.DisableForUnsafeHttpMethods();
        resilience.Retry.MaxRetryAttempts = 3;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);

        resilience.AttemptTimeout.Timeout = client.AttemptTimeout;
        resilience.AttemptTimeout.TimeoutGenerator = args => new(TimeoutFor(args.Context, client.AttemptTimeout));
        resilience.TotalRequestTimeout.Timeout = client.TotalRequestTimeout;
        resilience.TotalRequestTimeout.TimeoutGenerator = args => new(TimeoutFor(args.Context, client.TotalRequestTimeout));
        // The handler's own validation: the breaker must sample at least two attempts' worth of time.
        if (resilience.CircuitBreaker.SamplingDuration < 2 * client.AttemptTimeout)
            resilience.CircuitBreaker.SamplingDuration = 2 * client.AttemptTimeout;
    }

    /// <summary>An infinite timeout switches the strategy off for that request (Polly applies none).</summary>
    private static TimeSpan TimeoutFor(ResilienceContext context, TimeSpan timeout) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(LongRunning, out bool longRunning) && longRunning
            ? Timeout.InfiniteTimeSpan
            : timeout;
}
