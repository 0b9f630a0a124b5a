using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.Data.Configurations;

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> builder)
    {
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Parameters).HasJsonbConversion();
        builder.Property(j => j.Metrics).HasJsonbConversion();
        builder.Property(j => j.Plan).HasJsonbConversion();
        builder.Property(j => j.Evaluation).HasJsonbConversion();
        builder.Property(j => j.StopReason).HasMaxLength(32);
        builder.HasIndex(j => new { j.ModelId, j.CreatedAt });
        builder.Property(j => j.RecordedDatasetName).HasMaxLength(256);
        builder.Property(j => j.RecordedValidationDatasetName).HasMaxLength(256);
        builder.HasIndex(j => new { j.DatasetId, j.Status });
        builder.HasIndex(j => j.RecordedDatasetId);
        builder.ToTable(t => t.HasCheckConstraint("ck_training_jobs_recorded_validation_dataset",
            "(recorded_validation_dataset_id IS NULL) = (recorded_validation_dataset_name IS NULL) " +
            "AND (recorded_validation_dataset_id IS NULL) = (recorded_validation_dataset_row_count IS NULL)"));
        builder.HasIndex(j => j.Status);
        // A recorded id, no foreign key: a finished continued job outlives the job it started from.
        builder.HasIndex(j => j.InitFromJobId);
        builder.OwnedByTenant(j => new { j.TenantId, j.CreatedAt });
        // Jobs and their history go with the model. Deleting a dataset (refused by the API while live jobs use it)
        // only unlinks finished jobs: their trained models, history and predictions stay, with the recorded dataset.
        builder.HasOne<Model>().WithMany().HasForeignKey(j => j.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.DatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.ValidationDatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<TrainingEpoch>().WithOne().HasForeignKey(e => e.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainingJobCheckpoint>().WithOne().HasForeignKey<TrainingJobCheckpoint>(c => c.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
        // A trial goes with its tuning job's record only as a link: deleting the tuning job keeps its trials as jobs.
        builder.HasOne<TuningJob>().WithMany().HasForeignKey(j => j.TuningJobId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(j => j.TrialParameters).HasJsonbConversion();
        // Trial creation is idempotent by this index: a coordinator step that re-runs cannot add trial k (fold f) twice.
        // NULLS NOT DISTINCT: a trial without cross-validation has no fold, and is still one row; jobs that are no
        // trial are left out by the filter.
        builder.HasIndex(j => new { j.TuningJobId, j.TrialIndex, j.TrialFold }).IsUnique().AreNullsDistinct(false).HasFilter("tuning_job_id IS NOT NULL");
        builder.HasOne<TrainedModel>().WithOne().HasForeignKey<TrainedModel>(t => t.TrainingJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
