using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Datasets;
using TrainingService.Core.Events;
using TrainingService.Core.Identity;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;

namespace TrainingService.Core.Data;

/// <summary>
/// The service's tables. Every tenant-owned set is filtered to <see cref="TenantScope"/>'s tenant's rows (and the rows hanging off
/// them, through their owner), so a query never sees another tenant's objects; with no tenant set it sees none.
/// </summary>
public sealed class TrainingServiceDbContext(DbContextOptions<TrainingServiceDbContext> options, TenantScope tenantScope) : DbContext(options)
{
    /// <summary>The tenant this context works for.</summary>
    public TenantScope TenantScope { get; } = tenantScope;

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<DatasetColumn> DatasetColumns => Set<DatasetColumn>();

    public DbSet<DatasetChunk> DatasetChunks => Set<DatasetChunk>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<ProductionPinChange> ProductionPinChanges => Set<ProductionPinChange>();

    public DbSet<TrainingJob> TrainingJobs => Set<TrainingJob>();

    public DbSet<TrainingEpoch> TrainingEpochs => Set<TrainingEpoch>();

    public DbSet<TrainingJobCheckpoint> TrainingCheckpoints => Set<TrainingJobCheckpoint>();

    public DbSet<TrainedModel> TrainedModels => Set<TrainedModel>();

    public DbSet<Prediction> Predictions => Set<Prediction>();

    public DbSet<TrainingJobEvent> TrainingJobEvents => Set<TrainingJobEvent>();

    public DbSet<StreamTicket> StreamTickets => Set<StreamTicket>();
    public DbSet<Tuning.TuningJob> TuningJobs => Set<Tuning.TuningJob>();
    public DbSet<PredictionResultChunk> PredictionResultChunks => Set<PredictionResultChunk>();

    /// <summary>PostgreSQL with the service's conventions: what every host's (and test's) context is built with.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure())
        .UseSnakeCaseNamingConvention()
        .AddInterceptors(new TenantOwnerInterceptor());

    // Read by the query filters at query time: EF evaluates context members per query, so the filter follows the
    // scope even when the tenant is entered after the context was created.
    private Guid? CurrentTenantId => TenantScope.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TrainingServiceDbContext).Assembly);

        modelBuilder.Entity<ApiKey>().HasQueryFilter(k => k.TenantId == CurrentTenantId);
        modelBuilder.Entity<Dataset>().HasQueryFilter(d => d.TenantId == CurrentTenantId);
        modelBuilder.Entity<Model>().HasQueryFilter(m => m.TenantId == CurrentTenantId);
        modelBuilder.Entity<ProductionPinChange>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
        modelBuilder.Entity<TrainingJob>().HasQueryFilter(j => j.TenantId == CurrentTenantId);
        modelBuilder.Entity<Prediction>().HasQueryFilter(p => p.TenantId == CurrentTenantId);
        modelBuilder.Entity<TrainingJobEvent>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<StreamTicket>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        modelBuilder.Entity<Tuning.TuningJob>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        modelBuilder.Entity<DatasetColumn>().HasQueryFilter(c => Datasets.Any(d => d.Id == c.DatasetId));
        modelBuilder.Entity<DatasetChunk>().HasQueryFilter(c => Datasets.Any(d => d.Id == c.DatasetId));
        modelBuilder.Entity<TrainingEpoch>().HasQueryFilter(e => TrainingJobs.Any(j => j.Id == e.TrainingJobId));
        modelBuilder.Entity<TrainingJobCheckpoint>().HasQueryFilter(c => TrainingJobs.Any(j => j.Id == c.TrainingJobId));
        modelBuilder.Entity<TrainedModel>().HasQueryFilter(t => TrainingJobs.Any(j => j.Id == t.TrainingJobId));
    }
}
