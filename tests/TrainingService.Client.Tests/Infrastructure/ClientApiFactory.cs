using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Infrastructure;

/// <summary>The Api tests' <see cref="ApiFactory"/> (real Api, own PostgreSQL database, in-process workers) handing out typed clients over its in-memory server.</summary>
public sealed class ClientApiFactory : ApiFactory
{
    /// <summary>A client calling as the default tenant.</summary>
    public TrainingServiceClient CreateTrainingServiceClient() => CreateTrainingServiceClient(TenantKey);

    /// <summary>A client sending <paramref name="key"/> as X-Api-Key (null: no key), over the test server's handler.</summary>
    public TrainingServiceClient CreateTrainingServiceClient(string? key, DelegatingHandler? inFront = null) =>
        new(CreateHttpClient(inFront), key);

    /// <summary>An HttpClient on the in-memory server without the factory's default Authorization header, so the client's key is the one sent.</summary>
    public HttpClient CreateHttpClient(DelegatingHandler? inFront = null)
    {
        HttpMessageHandler handler = Server.CreateHandler();
        if (inFront is not null)
        {
            inFront.InnerHandler = handler;
            handler = inFront;
        }

        return new HttpClient(handler) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }
}
