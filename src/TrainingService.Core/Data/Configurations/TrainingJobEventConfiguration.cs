using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Events;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingJobEventConfiguration : IEntityTypeConfiguration<TrainingJobEvent>
{
    public void Configure(EntityTypeBuilder<TrainingJobEvent> builder)
    {
        builder.ToTable("training_job_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(16);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        // A job's stream reads "its events after id n"; a tenant's stream "the tenant's events after id n".
        builder.HasIndex(e => new { e.JobId, e.Id });
        builder.OwnedByTenant(e => new { e.TenantId, e.Id });
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
