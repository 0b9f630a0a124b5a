using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> builder)
    {
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Parameters).HasJsonbConversion();
        builder.Property(j => j.Metrics).HasJsonbConversion();
        builder.Property(j => j.StopReason).HasMaxLength(32);
        builder.HasIndex(j => new { j.ModelId, j.CreatedAt });
        builder.HasIndex(j => new { j.DatasetId, j.Status });
        builder.HasIndex(j => j.Status);
        builder.OwnedByTenant(j => new { j.TenantId, j.CreatedAt });
        // Jobs and their history go with the model; a dataset with live jobs is refused by the API instead.
        builder.HasOne<Model>().WithMany().HasForeignKey(j => j.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.ValidationDatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<TrainingEpoch>().WithOne().HasForeignKey(e => e.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainingJobCheckpoint>().WithOne().HasForeignKey<TrainingJobCheckpoint>(c => c.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainedModel>().WithOne().HasForeignKey<TrainedModel>(t => t.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
