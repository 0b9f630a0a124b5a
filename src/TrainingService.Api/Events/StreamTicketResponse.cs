namespace TrainingService.Api.Events;

/// <param name="Ticket">Pass as <c>?ticket=</c> to one of the two <c>/events</c> routes, once, before <paramref name="ExpiresAt"/>.</param>
public sealed record StreamTicketResponse(string Ticket, DateTimeOffset ExpiresAt);
