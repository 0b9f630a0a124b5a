using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;

namespace TrainingService.Core.Events;

/// <summary>
/// Issues and redeems event-stream tickets (<see cref="StreamTicket"/>): random, so one SHA-256 is a safe hash;
/// stored in PostgreSQL so any Api replica redeems what another issued; deleted when redeemed (single use).
/// </summary>
public sealed class StreamTicketService(TrainingServiceDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const string Scheme = "tst_";

    /// <summary>A new ticket for the current tenant; expired tickets (every tenant's) are swept on the way.</summary>
    public async Task<(string Ticket, DateTimeOffset ExpiresAt)> IssueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.StreamTickets.IgnoreQueryFilters().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        string ticket = Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var stored = new StreamTicket { Hash = Hash(ticket), ExpiresAt = now + Lifetime };
        db.StreamTickets.Add(stored);
        await db.SaveChangesAsync(ct);
        return (ticket, stored.ExpiresAt);
    }

    /// <summary>
    /// The tenant of an unexpired ticket, deleting it in the same statement so a second use finds nothing; null for
    /// an unknown, used or expired ticket. No tenant is known yet here (the ticket says which), so no query filter applies.
    /// </summary>
    public async Task<Guid?> RedeemAsync(string ticket, CancellationToken ct)
    {
        if (!ticket.StartsWith(Scheme, StringComparison.Ordinal) || ticket.Length > 128)
            return null;
        byte[] hash = Hash(ticket);
        var now = clock.GetUtcNow();
        var tenants = await db.Database
            .SqlQuery<Guid>($"DELETE FROM stream_tickets WHERE hash = {hash} AND expires_at > {now} RETURNING tenant_id AS \"Value\"")
            .ToListAsync(ct);
        return tenants.Count == 1 ? tenants[0] : null;
    }

    private static byte[] Hash(string ticket) => SHA256.HashData(Encoding.UTF8.GetBytes(ticket));
}
