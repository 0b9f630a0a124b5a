using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TrainingService.Client;

public static class TrainingServiceClientServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the registration configures, for further <c>IHttpClientBuilder</c> calls.</summary>
    public const string HttpClientName = "TrainingService";

    /// <summary>
    /// Registers <see cref="TrainingServiceClient"/> as a typed client of <c>IHttpClientFactory</c> (pooled handlers,
    /// DNS changes picked up) with the standard resilience handler: reads are retried with backoff on transient
    /// failures, writes are not (see the README's .NET client section).
    /// </summary>
    public static IHttpClientBuilder AddTrainingServiceClient(this IServiceCollection services, Action<TrainingServiceClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TrainingServiceClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "TrainingServiceClientOptions.BaseAddress must be an absolute URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "TrainingServiceClientOptions.ApiKey is required.");

        var builder = services.AddHttpClient(HttpClientName, (provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<TrainingServiceClientOptions>>().Value.BaseAddress;
            // The resilience handler's timeouts govern ordinary calls; uploads and event streams run as long as they must.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddTypedClient((http, provider) =>
            new TrainingServiceClient(http, provider.GetRequiredService<IOptions<TrainingServiceClientOptions>>().Value.ApiKey));
        builder.AddStandardResilienceHandler(resilience =>
        {
            // The pipeline's options are built without a service provider: apply the caller's configuration to a copy.
            var client = new TrainingServiceClientOptions();
            configure(client);
            TrainingServiceResilience.Configure(resilience, client);
        });
        return builder;
    }
}
