using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Data.Configurations;

internal sealed class DatasetChunkConfiguration : IEntityTypeConfiguration<DatasetChunk>
{
    public void Configure(EntityTypeBuilder<DatasetChunk> builder) =>
        builder.HasKey(c => new { c.DatasetId, c.ColumnOrdinal, c.ChunkIndex });
}
