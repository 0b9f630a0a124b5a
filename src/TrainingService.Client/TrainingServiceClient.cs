using Microsoft.Extensions.DependencyInjection;

namespace TrainingService.Client;

/// <summary>
/// The typed client of the TrainingService API: one property per resource (<see cref="Datasets"/>,
/// <see cref="Models"/>, <see cref="TrainingJobs"/>, <see cref="TuningJobs"/>, <see cref="Predictions"/>, <see cref="Keys"/>, and the
/// administrator's <see cref="Tenants"/>). Every refusal throws <see cref="TrainingServiceException"/> with the
/// service's problem details. Thread-safe; make one and keep it.
/// </summary>
public sealed class TrainingServiceClient : IDisposable
{
    private readonly ServiceProvider? ownedServices;

    /// <summary>
    /// A client with its own <c>IHttpClientFactory</c> registration: the same retries and timeouts as
    /// <see cref="TrainingServiceClientServiceCollectionExtensions.AddTrainingServiceClient"/>. Dispose it when done.
    /// </summary>
    public TrainingServiceClient(Uri baseAddress, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var services = new ServiceCollection();
        services.AddTrainingServiceClient(o =>
        {
            o.BaseAddress = baseAddress;
            o.ApiKey = apiKey;
        });
        ownedServices = services.BuildServiceProvider();
        var http = ownedServices.GetRequiredService<IHttpClientFactory>().CreateClient(TrainingServiceClientServiceCollectionExtensions.HttpClientName);
        (Datasets, Models, TrainingJobs, TuningJobs, Predictions, Keys, Tenants) = Parts(new ApiConnection(http, apiKey));
    }

    /// <summary>
    /// A client over an HttpClient you own (its <c>BaseAddress</c> is the service's root URL), sending
    /// <paramref name="apiKey"/> on every request; null when the HttpClient already authenticates (a default header or handler).
    /// </summary>
    public TrainingServiceClient(HttpClient httpClient, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        (Datasets, Models, TrainingJobs, TuningJobs, Predictions, Keys, Tenants) = Parts(new ApiConnection(httpClient, apiKey));
    }

    /// <summary>Every route the client calls (method and OpenAPI template).</summary>
    public static IReadOnlyList<ApiRoute> Routes => ApiRoutes.All;

    public DatasetsClient Datasets { get; }

    public ModelsClient Models { get; }

    public TrainingJobsClient TrainingJobs { get; }

    /// <summary>Hyperparameter searches whose trials are training jobs.</summary>
    public TuningJobsClient TuningJobs { get; }

    public PredictionsClient Predictions { get; }

    /// <summary>Your tenant's API keys.</summary>
    public KeysClient Keys { get; }

    /// <summary>Tenants and their keys: the administrator's key only.</summary>
    public TenantsClient Tenants { get; }

    public void Dispose() => ownedServices?.Dispose();

    private static (DatasetsClient, ModelsClient, TrainingJobsClient, TuningJobsClient, PredictionsClient, KeysClient, TenantsClient) Parts(ApiConnection api) =>
        (new DatasetsClient(api), new ModelsClient(api), new TrainingJobsClient(api), new TuningJobsClient(api), new PredictionsClient(api), new KeysClient(api), new TenantsClient(api));
}
