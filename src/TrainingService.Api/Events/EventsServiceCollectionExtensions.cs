namespace TrainingService.Api.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>The event streams: their options, the process's hub and its one listening connection.</summary>
    public static IServiceCollection AddTrainingJobEvents(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrainingJobEventHub>();
        services.AddHostedService<TrainingJobEventListener>();
        return services;
    }
}
