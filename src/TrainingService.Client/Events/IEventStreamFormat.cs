using System.Net.ServerSentEvents;

namespace TrainingService.Client;

/// <summary>What <see cref="EventStreamReader{TEvent}"/> needs to know of one kind of event stream.</summary>
internal interface IEventStreamFormat<TEvent>
    where TEvent : class
{
    /// <summary>An SSE parser over <paramref name="stream"/>; items of event types this client does not know are null.</summary>
    SseParser<TEvent?> CreateParser(Stream stream);

    /// <summary>The event with its stream id (<c>id:</c>) set, or null for a type this client does not know (a newer server's).</summary>
    TEvent? WithId(SseItem<TEvent?> item);

    /// <summary>The event's stream id, to resume after; null for events that are not replayed by id.</summary>
    long? IdOf(TEvent item);

    /// <summary>Whether the event is the stream's last (its <c>end</c>).</summary>
    bool IsEnd(TEvent item);
}
