namespace TrainingService.Api.Events;

/// <summary>
/// Endpoint metadata: the route also authenticates with <c>?ticket=</c> (a stream ticket), for a browser's EventSource,
/// which cannot send a key header. Only the event-stream routes carry it, so a ticket opens nothing else.
/// </summary>
public sealed class AcceptsStreamTicket
{
    public const string QueryName = "ticket";

    public static readonly AcceptsStreamTicket Instance = new();
}
