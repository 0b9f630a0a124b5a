using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Models;

namespace TrainingService.Core.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(256);
        builder.Property(m => m.Definition).HasJsonbConversion();
        builder.OwnedByTenant(m => new { m.TenantId, m.CreatedAt });
    }
}
