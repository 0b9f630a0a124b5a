using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(256);
        builder.OwnedByTenant(d => new { d.TenantId, d.CreatedAt });
        builder.HasMany(d => d.Columns).WithOne().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<DatasetChunk>().WithOne().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
