using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Predictions;

namespace TrainingService.Core.Data.Configurations;

internal sealed class PredictionResultChunkConfiguration : IEntityTypeConfiguration<PredictionResultChunk>
{
    public void Configure(EntityTypeBuilder<PredictionResultChunk> builder)
    {
        builder.HasKey(c => new { c.PredictionId, c.ChunkIndex });
        builder.Property(c => c.Rows).HasJsonbConversion();
        builder.HasOne<Prediction>().WithMany().HasForeignKey(c => c.PredictionId).OnDelete(DeleteBehavior.Cascade);
    }
}
