using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingCheckpointConfiguration : IEntityTypeConfiguration<TrainingCheckpoint>
{
    public void Configure(EntityTypeBuilder<TrainingCheckpoint> builder) => builder.HasKey(c => c.TrainingJobId);
}
