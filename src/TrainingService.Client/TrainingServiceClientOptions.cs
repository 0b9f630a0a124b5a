namespace TrainingService.Client;

/// <summary>Where the service is and the key to call it with, for <see cref="TrainingServiceClientServiceCollectionExtensions.AddTrainingServiceClient"/>.</summary>
public sealed class TrainingServiceClientOptions
{
    /// <summary>The service's root URL, e.g. <c>http://localhost:8080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A tenant's API key (or the administrator's, for the tenant routes).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt of an ordinary call may take before it is abandoned (and, for a read, retried). Uploads and event streams have none: the caller's cancellation token governs them.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an ordinary call may take over all its attempts.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
