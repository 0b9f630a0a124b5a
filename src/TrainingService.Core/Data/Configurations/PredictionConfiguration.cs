using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<Prediction>
{
    public void Configure(EntityTypeBuilder<Prediction> builder)
    {
        builder.Property(p => p.Results).HasJsonbConversion();
        builder.Property(p => p.Metrics).HasJsonbConversion();
        builder.Property(p => p.Evaluation).HasJsonbConversion();
        // Rows stored before asynchronous scoring existed were all succeeded. The sentinel is no status, so EF always
        // writes the entity's own (a queued prediction is not left to the column default).
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16)
            .HasDefaultValue(PredictionStatus.Succeeded).HasSentinel((PredictionStatus)(-1));
        builder.Property(p => p.Error).HasMaxLength(2048);
        builder.Property(p => p.HangfireJobId).HasMaxLength(64);
        builder.HasIndex(p => new { p.ModelId, p.CreatedAt });
        builder.HasIndex(p => new { p.TenantId, p.Status });
        builder.OwnedByTenant(p => new { p.TenantId, p.CreatedAt });
        builder.HasOne<Model>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(p => p.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
