using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>Queueing, checking and running training jobs; the Api and the Worker both need it (the Api to queue, workers to run).</summary>
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddDatasetStorage();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<TrainingJobScheduler>();
        services.AddScoped<TrainingJobPreflight>();
        services.AddScoped<TrainingPreparation>();
        services.AddTransient<TrainingJobRunner>();
        return services;
    }
}
