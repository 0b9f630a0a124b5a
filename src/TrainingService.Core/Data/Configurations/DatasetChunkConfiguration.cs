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
        // The sentinel (the value EF leaves to the database default) is that same default: without one EF warns at
        // every start that 0 would mean "use the default". Chunks are written by COPY, not EF; the schema is unchanged.
        builder.Property(c => c.ValueFormat).HasColumnName("value_bytes")
            .HasDefaultValue(ChunkValueFormat.Float32).HasSentinel(ChunkValueFormat.Float32);
    }
}
