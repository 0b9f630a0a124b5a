using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Data.Configurations;

internal sealed class DatasetChunkConfiguration : IEntityTypeConfiguration<DatasetChunk>
{
    public void Configure(EntityTypeBuilder<DatasetChunk> builder)
    {
        builder.HasKey(c => new { c.DatasetId, c.ColumnOrdinal, c.ChunkIndex });
        // Named for what the readers compute with it (byte offsets); the default keeps older float32 chunks readable.
        builder.Property(c => c.ValueFormat).HasColumnName("value_bytes").HasDefaultValue(ChunkValueFormat.Float32);
    }
}
