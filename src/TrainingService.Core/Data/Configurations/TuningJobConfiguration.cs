using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TuningJobConfiguration : IEntityTypeConfiguration<TuningJob>
{
    public void Configure(EntityTypeBuilder<TuningJob> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(256);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Strategy).HasMaxLength(16);
        builder.Property(t => t.BaseDefinition).HasJsonbConversion();
        builder.Property(t => t.Training).HasJsonbConversion();
        builder.Property(t => t.Objective).HasJsonbConversion();
        builder.Property(t => t.SearchSpace).HasJsonbConversion();
        builder.Property(t => t.Pruning).HasJsonbConversion();
        builder.Property(t => t.RefusedTrials).HasJsonbConversion();
        builder.Property(t => t.CrossValidation).HasJsonbConversion();
        builder.Ignore(t => t.TotalJobs);
        builder.HasIndex(t => t.Status);
        // One cross-validation per training job; deleting the job deletes it (its folds stay, as a tuning job's trials do).
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(t => t.CrossValidatedJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.CrossValidatedJobId).IsUnique();
        builder.OwnedByTenant(t => new { t.TenantId, t.CreatedAt });
    }
}
