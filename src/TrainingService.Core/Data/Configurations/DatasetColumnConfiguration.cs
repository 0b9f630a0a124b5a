using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Data.Configurations;

internal sealed class DatasetColumnConfiguration : IEntityTypeConfiguration<DatasetColumn>
{
    public void Configure(EntityTypeBuilder<DatasetColumn> builder)
    {
        builder.HasKey(c => new { c.DatasetId, c.Ordinal });
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
    }
}
