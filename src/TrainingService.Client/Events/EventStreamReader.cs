using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace TrainingService.Client;

/// <summary>
/// Follows an event stream (items of <typeparamref name="TEvent"/>) across dropped connections: on a cut (the stream ends without an <c>end</c> event, or
/// reading it fails) it reconnects with exponential backoff, sending <c>Last-Event-ID</c> with the id of the last
/// event received, so the service replays what was missed. A refusal that a retry cannot fix (400, 401, 403, 404)
/// is thrown at once; after <see cref="EventStreamReader.MaxConsecutiveFailures"/> errors in a row (failed connections or reads, with
/// no event between them) the last one is. A stream the service closes cleanly is always reopened, as a browser's
/// EventSource does: a restarting Api closes its streams that way.
/// </summary>
/// <param name="connect">Opens the stream, resuming after the given event id (null: from the start).</param>
/// <param name="format">How the stream's items become events (a training job's, a tuning job's).</param>
/// <param name="untilEnd">Complete after the <c>end</c> event (one job's stream); false follows the stream forever.</param>
/// <param name="initialBackoff">The wait before the first reconnection; doubled after each failed one, up to 30 s.</param>
internal sealed class EventStreamReader<TEvent>(
    Func<long?, CancellationToken, Task<HttpResponseMessage>> connect,
    IEventStreamFormat<TEvent> format,
    bool untilEnd,
    TimeSpan initialBackoff)
    where TEvent : class
{
    private const int MaxConsecutiveFailures = EventStreamReader.MaxConsecutiveFailures;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<TEvent> ReadAsync(long? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int failures = 0, reconnects = 0;
        TimeSpan serverRetry = Timeout.InfiniteTimeSpan;
        while (true)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                response = await connect(lastEventId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failure = e;
            }

            if (response is not null)
            {
                using (response)
                {
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    var parser = format.CreateParser(stream);
                    await using var items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await items.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (Exception e) when (IsTransient(e, cancellationToken))
                        {
                            failure = e;
                            break;
                        }

                        if (!more)
                            break;
                        if (format.WithId(items.Current) is not { } item)
                            continue;
                        failures = reconnects = 0;
                        if (format.IdOf(item) is { } id)
                            lastEventId = id;
                        yield return item;
                        if (untilEnd && format.IsEnd(item))
                            yield break;
                    }

                    if (parser.ReconnectionInterval != Timeout.InfiniteTimeSpan)
                        serverRetry = parser.ReconnectionInterval;
                }
            }

            // The stream ended or broke before its end event: the connection was cut; resume from lastEventId.
            if (failure is not null && ++failures >= MaxConsecutiveFailures)
                ExceptionDispatchInfo.Throw(failure);
            await Task.Delay(Backoff(++reconnects, serverRetry), cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int reconnects, TimeSpan serverRetry)
    {
        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, initialBackoff.Ticks << Math.Min(reconnects - 1, 16)));
        // The server's retry: field, when it sent one, is a floor.
        return serverRetry > delay ? serverRetry : delay;
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        TrainingServiceException refused => refused.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)refused.StatusCode >= 500,
        HttpRequestException or IOException or OperationCanceledException => true,
        _ => false,
    };
}
