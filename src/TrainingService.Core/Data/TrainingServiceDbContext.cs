using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data;

public sealed class TrainingServiceDbContext(DbContextOptions<TrainingServiceDbContext> options) : DbContext(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<DatasetColumn> DatasetColumns => Set<DatasetColumn>();

    public DbSet<DatasetChunk> DatasetChunks => Set<DatasetChunk>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<TrainingJob> TrainingJobs => Set<TrainingJob>();

    public DbSet<TrainingEpoch> TrainingEpochs => Set<TrainingEpoch>();

    public DbSet<TrainingJobCheckpoint> TrainingCheckpoints => Set<TrainingJobCheckpoint>();

    public DbSet<TrainedModel> TrainedModels => Set<TrainedModel>();

    public DbSet<Prediction> Predictions => Set<Prediction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TrainingServiceDbContext).Assembly);
}
