using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Models;

namespace TrainingService.Core.Data.Configurations;

internal sealed class ProductionPinChangeConfiguration : IEntityTypeConfiguration<ProductionPinChange>
{
    public void Configure(EntityTypeBuilder<ProductionPinChange> builder)
    {
        builder.Property(c => c.Action).HasMaxLength(16);
        builder.Property(c => c.ActorKind).HasMaxLength(16);
        builder.Property(c => c.ActorId).HasMaxLength(256);
        builder.Property(c => c.ActorName).HasMaxLength(256);
        builder.HasIndex(c => new { c.ModelId, c.At });
        builder.OwnedByTenant(c => new { c.TenantId, c.At });
        builder.HasOne<Model>().WithMany().HasForeignKey(c => c.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
