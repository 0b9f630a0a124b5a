using Microsoft.Extensions.DependencyInjection;

namespace TrainingService.Core.Tuning;

public static class TuningServiceCollectionExtensions
{
    /// <summary>Tuning jobs: the service the Api calls and the coordinator the workers run.</summary>
    public static IServiceCollection AddTuning(this IServiceCollection services)
    {
        services.AddOptions<TuningOptions>().BindConfiguration(TuningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TuningJobService>();
        services.AddTransient<TuningCoordinator>();
        services.AddHostedService<TuningSweepRegistration>();
        return services;
    }
}
