using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Events;

namespace TrainingService.Core.Data.Configurations;

internal sealed class StreamTicketConfiguration : IEntityTypeConfiguration<StreamTicket>
{
    public void Configure(EntityTypeBuilder<StreamTicket> builder)
    {
        builder.HasKey(t => t.Hash);
        builder.OwnedByTenant(t => new { t.TenantId, t.ExpiresAt });
        // Issuing sweeps expired tickets by this index.
        builder.HasIndex(t => t.ExpiresAt);
    }
}
