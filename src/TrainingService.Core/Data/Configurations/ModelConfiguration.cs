using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(256);
        builder.Property(m => m.Definition).HasJsonbConversion();
        builder.OwnedByTenant(m => new { m.TenantId, m.CreatedAt });
        // No action, not cascade or set-null: deleting the pinned job fails (checked at the end of the statement, so a
        // model's own delete, which cascades to its jobs, still goes through). Race-free where a read-then-delete is not.
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(m => m.ProductionTrainingJobId).OnDelete(DeleteBehavior.NoAction);
    }
}
