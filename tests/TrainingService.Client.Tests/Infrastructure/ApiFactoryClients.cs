using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Infrastructure;

/// <summary>Typed clients over an <see cref="ApiFactory"/>'s in-memory server: the real Api on its own PostgreSQL database.</summary>
internal static class ApiFactoryClients
{
    /// <summary>A client calling as the factory's default tenant.</summary>
    public static TrainingServiceClient CreateTrainingServiceClient(this ApiFactory factory) =>
        factory.CreateTrainingServiceClient(factory.TenantKey);

    /// <summary>A client sending <paramref name="key"/> as X-Api-Key (null: no key), with <paramref name="inFront"/> between it and the server.</summary>
    public static TrainingServiceClient CreateTrainingServiceClient(this ApiFactory factory, string? key, DelegatingHandler? inFront = null) =>
        new(factory.CreateHttpClient(inFront), key);

    /// <summary>An HttpClient on the in-memory server without the factory's default Authorization header, so the client's key is the one sent.</summary>
    public static HttpClient CreateHttpClient(this ApiFactory factory, DelegatingHandler? inFront = null)
    {
        HttpMessageHandler handler = factory.Server.CreateHandler();
        if (inFront is not null)
        {
            inFront.InnerHandler = handler;
            handler = inFront;
        }

        return new HttpClient(handler) { BaseAddress = factory.Server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }
}
