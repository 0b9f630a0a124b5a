using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrainingService.Core.Predictions;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.Training;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>
    /// Queueing, checking and running training jobs, and predicting with their results; the Api and the Worker both
    /// need it. Reads datasets through <c>AddDatasetStorage</c>, which each host registers once beside it.
    /// </summary>
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TrainingJobService>();
        services.AddScoped<TrainingJobLiveness>();
        services.AddScoped<Events.TrainingJobEventReader>();
        services.AddScoped<Events.StreamTicketService>();
        services.AddScoped<TrainingPreparation>();
        services.AddSingleton<PreparedDataCache>();
        services.AddTransient<TrainingJobRunner>();
        services.AddTransient<TrainingJobAttempts>();
        services.AddTransient<TrainingJobCompletion>();
        services.AddOptions<PredictionOptions>().BindConfiguration(PredictionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrainedModelCache>();
        services.AddSingleton<ServingJobCache>();
        services.AddScoped<PredictionService>();
        // Trials are training jobs: every host that trains also coordinates tuning jobs.
        services.AddTuning();
        services.AddScoped<CrossValidation.CrossValidatedTrainingJobs>();
        services.AddTransient<BatchScoringRunner>();
        return services;
    }
}
