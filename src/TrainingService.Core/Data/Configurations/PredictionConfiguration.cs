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
        builder.HasIndex(p => new { p.ModelId, p.CreatedAt });
        builder.OwnedByTenant(p => new { p.TenantId, p.CreatedAt });
        builder.HasOne<Model>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(p => p.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
