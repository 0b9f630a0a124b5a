using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace TrainingService.Api.Tests.Infrastructure;

/// <summary>One received server-sent event: its name, its <c>id:</c> (null when it had none) and its JSON payload.</summary>
public sealed record ReceivedEvent(string Type, string? Id, JsonElement Data)
{
    public long IdNumber => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Type}#{Id}: {Data}";
}

/// <summary>A client of an event stream: opens it and reads events as they come, with the framework's SSE parser.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;

    private EventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events) => (_response, _events) = (response, events);

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/>; the response is returned as is when it is no 200 (a problem), without a stream.</summary>
    public static async Task<(EventStream? Stream, HttpResponseMessage Response)> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            return (null, response);
        var body = await response.Content.ReadAsStreamAsync();
        var events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
        return (new EventStream(response, events), response);
    }

    /// <summary>The next event, or null when the server closed the stream; throws after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedEvent?> NextAsync(TimeSpan? timeout = null)
    {
        var next = _events.MoveNextAsync().AsTask();
        var limit = timeout ?? TimeSpan.FromMinutes(3);
        if (await Task.WhenAny(next, Task.Delay(limit)) != next)
            throw new TimeoutException($"No event within {limit}.");
        if (!await next)
            return null;
        var item = _events.Current;
        return new ReceivedEvent(item.EventType, string.IsNullOrEmpty(item.EventId) ? null : item.EventId, JsonDocument.Parse(item.Data).RootElement.Clone());
    }

    /// <summary>Events until (and with) the first that <paramref name="last"/> accepts, or until the server closes the stream.</summary>
    public async Task<List<ReceivedEvent>> ReadUntilAsync(Func<ReceivedEvent, bool> last, TimeSpan? timeout = null)
    {
        var received = new List<ReceivedEvent>();
        while (await NextAsync(timeout) is { } e)
        {
            received.Add(e);
            if (last(e))
                break;
        }

        return received;
    }

    /// <summary>Every event until the server closes the stream.</summary>
    public Task<List<ReceivedEvent>> ReadToEndAsync(TimeSpan? timeout = null) => ReadUntilAsync(_ => false, timeout);

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        try
        {
            await _events.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
        }
    }
}
