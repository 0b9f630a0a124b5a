using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingEpochConfiguration : IEntityTypeConfiguration<TrainingEpoch>
{
    public void Configure(EntityTypeBuilder<TrainingEpoch> builder)
    {
        builder.HasKey(e => new { e.TrainingJobId, e.Epoch });
        builder.Property(e => e.TrainMetrics).HasJsonbConversion();
        builder.Property(e => e.ValidationMetrics).HasJsonbConversion();
    }
}
