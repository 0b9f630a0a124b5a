using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrainingService.Core.Models;

namespace TrainingService.Core.Tuning;

public static class TuningServiceCollectionExtensions
{
    /// <summary>Tuning jobs: the service the Api calls and the coordinator the workers run.</summary>
    public static IServiceCollection AddTuning(this IServiceCollection services)
    {
        services.AddOptions<TuningOptions>().BindConfiguration(TuningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TuningJobService>();
        // Promotion sets a production pin; the Api registers the pin service with the models' routes too.
        services.TryAddScoped<ProductionPinService>();
        services.AddScoped<TuningPromotion>();
        services.AddScoped<TuningEventReader>();
        services.AddTransient<TuningCoordinator>();
        services.AddHostedService<TuningSweepRegistration>();
        return services;
    }
}
