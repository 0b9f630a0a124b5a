using TrainingService.Core.Identity;

namespace TrainingService.Core.Events;

/// <summary>
/// A short-lived, single-use ticket that opens one event stream as its tenant, for clients that cannot send a key
/// header (a browser's EventSource). Only the SHA-256 of the ticket is stored; redeeming deletes the row.
/// </summary>
public sealed class StreamTicket : ITenantOwned
{
    public required byte[] Hash { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
