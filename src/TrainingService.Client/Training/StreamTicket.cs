namespace TrainingService.Client;

/// <summary>A single-use ticket that opens one event stream (<c>?ticket=</c>) before <see cref="ExpiresAt"/>, for a browser's EventSource, which cannot send a key header.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
