using TrainingService.Core.Hosting;

namespace TrainingService.Api.Infrastructure;

public static class WorkerRegistrationExtensions
{
    /// <summary>With <c>Workers:InProcess=true</c> the Api runs jobs itself: one process for a local run or a test.</summary>
    public static IServiceCollection AddInProcessWorkersWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>($"{WorkerOptions.SectionName}:{nameof(WorkerOptions.InProcess)}"))
            services.AddTrainingServiceWorkers();
        return services;
    }
}
