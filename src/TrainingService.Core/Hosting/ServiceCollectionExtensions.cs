using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Identity;

namespace TrainingService.Core.Hosting;

public static class ServiceCollectionExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>The DbContext on PostgreSQL (<c>ConnectionStrings:Postgres</c>) and the service's options.</summary>
    public static IServiceCollection AddTrainingServiceData(this IServiceCollection services, IConfiguration configuration)
    {
        string connectionString = GetConnectionString(configuration);
        services.AddScoped<TenantScope>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyCache>().AddScoped<CallerKey>();
        // Pooled: a new context sets up its internal services on first use (~0.3 ms of every request); a pooled one
        // keeps them, and is handed to each scope with that scope's tenant.
        services.AddPooledDbContextFactory<TrainingServiceDbContext>(options => TrainingServiceDbContext.Configure(options, connectionString));
        services.AddScoped(provider =>
        {
            var context = provider.GetRequiredService<IDbContextFactory<TrainingServiceDbContext>>().CreateDbContext();
            context.TenantScope = provider.GetRequiredService<TenantScope>();
            return context;
        });
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TenantQuotas>();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HangfireStorageOptions>().BindConfiguration(HangfireStorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Hangfire on Hangfire.PostgreSql, in its own schema of the same database.</summary>
    public static IServiceCollection AddTrainingServiceHangfire(this IServiceCollection services, IConfiguration configuration)
    {
        string connectionString = GetConnectionString(configuration);
        // Our own JobStorage per host: AddHangfire's default hands out the static JobStorage.Current, which
        // two hosts in one process (tests, each on its own database) would overwrite for each other.
        services.AddSingleton<JobStorage>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<HangfireStorageOptions>>().Value;
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = HangfireStorageOptions.Schema,
                PrepareSchemaIfNecessary = true,
                // Without it a run longer than the invisibility timeout is fetched by a second worker.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromSeconds(settings.InvisibilityTimeoutSeconds),
                QueuePollInterval = TimeSpan.FromSeconds(settings.QueuePollIntervalSeconds),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        // Likewise the activator: the static JobActivator.Current would let one host's server build jobs from
        // another host's container (and so its database).
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        return services;
    }

    /// <summary>
    /// Hangfire's log provider is process-wide and set by the last host that starts. When that host is disposed
    /// while another still runs (tests: several hosts per process), its logger factory is gone: log nowhere then,
    /// rather than throw ObjectDisposedException into the other host's Hangfire.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory loggerFactory) : Hangfire.Logging.ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return _inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return NoLog.Instance;
            }
        }

        private sealed class NoLog : Hangfire.Logging.ILog
        {
            public static readonly NoLog Instance = new();

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    /// <summary>A Hangfire server for the service's queues, sized for CPU-bound jobs, with a graceful shutdown.</summary>
    public static IServiceCollection AddTrainingServiceWorkers(this IServiceCollection services)
    {
        services.AddHangfireServer((provider, server) =>
        {
            var workers = provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
            server.WorkerCount = workers.WorkerCount;
            server.Queues = Queues.All;
            // On stop, cancel running jobs' tokens at once (StopTimeout zero) so training checkpoints and
            // returns; Hangfire then re-queues the job. ShutdownTimeout bounds how long it waits for that.
            server.StopTimeout = TimeSpan.Zero;
            server.ShutdownTimeout = TimeSpan.FromSeconds(workers.ShutdownTimeoutSeconds);
        });
        // The host's own timeout (30 s by default) cancels Hangfire's wait when it runs out: it must be longer.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, workers) =>
        {
            var needed = TimeSpan.FromSeconds(workers.Value.ShutdownTimeoutSeconds + WorkerOptions.HostShutdownMarginSeconds);
            if (host.ShutdownTimeout < needed)
                host.ShutdownTimeout = needed;
        });
        return services;
    }

    private static string GetConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException(
            $"Connection string '{ConnectionStringName}' is not set: set ConnectionStrings__{ConnectionStringName}.");
}
