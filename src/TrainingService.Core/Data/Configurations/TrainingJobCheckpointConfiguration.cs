using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingJobCheckpointConfiguration : IEntityTypeConfiguration<TrainingJobCheckpoint>
{
    public void Configure(EntityTypeBuilder<TrainingJobCheckpoint> builder) => builder.HasKey(c => c.TrainingJobId);
}
