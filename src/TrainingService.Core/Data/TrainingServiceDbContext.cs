using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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
public sealed class TrainingServiceDbContext : DbContext
{
    /// <summary>
    /// The one constructor a pooled context may have (<see cref="Hosting.ServiceCollectionExtensions.AddTrainingServiceData"/>):
    /// the pool sets the tenant each time it hands the context to a scope. Outside a host, use <see cref="Create"/>.
    /// </summary>
    public TrainingServiceDbContext(DbContextOptions<TrainingServiceDbContext> options) : base(options) => TenantScope = new TenantScope();

    /// <summary>The tenant this context works for: its scope's.</summary>
    public TenantScope TenantScope { get; internal set; }

    // Back to the pool without its tenant: a context taken from the pool by any other way than the scope's sees nothing.
    public override void Dispose()
    {
        TenantScope = new TenantScope();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        TenantScope = new TenantScope();
        return base.DisposeAsync();
    }

    /// <summary>An unpooled context working for <paramref name="tenantScope"/>.</summary>
    public static TrainingServiceDbContext Create(DbContextOptions<TrainingServiceDbContext> options, TenantScope tenantScope) =>
        new(options) { TenantScope = tenantScope };

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

    /// <summary>Statements Npgsql prepares per connection once they repeat, unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>PostgreSQL with the service's conventions: what every host's (and test's) context is built with.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.EnableRetryOnFailure())
        .UseSnakeCaseNamingConvention()
        .AddInterceptors(new TenantOwnerInterceptor());

    /// <summary>
    /// The service sends the same few statements over and over (a prediction's insert, an epoch's writes, the key and
    /// job lookups); prepared, PostgreSQL skips their parse and plan: ~0.35 ms of a one-row prediction's insert.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        // The plain builder lists the keywords as written (Npgsql's knows every keyword, given or not).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        if (given.Any(k => k.Replace(" ", "").Equals(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

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
