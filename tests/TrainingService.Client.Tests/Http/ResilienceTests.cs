using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Http;

/// <summary>
/// <c>AddTrainingServiceClient</c>'s IHttpClientFactory registration over the real Api, with a handler between the
/// client's resilience handler and the in-memory server that answers the first requests with a transient 503.
/// </summary>
public sealed class ResilienceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_TransientFailures_RetriedUntilTheServiceAnswers()
    {
        var faults = new TransientFaults(failures: 2);
        using var services = Services(faults);
        var client = services.GetRequiredService<TrainingServiceClient>();

        var page = await client.Datasets.ListAsync();

        Assert.Equal(50, page.Limit);
        Assert.Equal(3, faults.Seen(HttpMethod.Get));
    }

    [Fact]
    public async Task Post_TransientFailure_NotRetried()
    {
        var faults = new TransientFaults(failures: 1);
        using var services = Services(faults);
        var client = services.GetRequiredService<TrainingServiceClient>();

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() =>
            client.Models.CreateAsync(new CreateModelRequest("once", ModelTask.Regression, "y")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, faults.Seen(HttpMethod.Post));
        // The next one goes through: one model, not two.
        await client.Models.CreateAsync(new CreateModelRequest("once", ModelTask.Regression, "y"));
        Assert.Equal(1, (await client.Models.ListAsync()).Items.Count(m => m.Name == "once"));
    }

    [Fact]
    public async Task Delete_TransientFailure_NotRetried()
    {
        var faults = new TransientFaults(failures: 0);
        using var services = Services(faults);
        var client = services.GetRequiredService<TrainingServiceClient>();
        var model = await client.Models.CreateAsync(new CreateModelRequest("to delete", ModelTask.Regression, "y"));
        faults.FailNext(1);

        await Assert.ThrowsAsync<TrainingServiceException>(() => client.Models.DeleteAsync(model.Id));

        Assert.Equal(1, faults.Seen(HttpMethod.Delete));
        Assert.Equal(model.Id, (await client.Models.GetAsync(model.Id)).Id);
    }

    [Fact]
    public async Task Upload_ThroughTheRegisteredClient_StreamsWithoutTheCallTimeouts()
    {
        using var services = Services(new TransientFaults(failures: 0), o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        var client = services.GetRequiredService<TrainingServiceClient>();
        // A body that trickles in for longer than one attempt may take: only uploads and streams are exempt.
        var slow = new SlowStream(System.Text.Encoding.UTF8.GetBytes(ClientScenario.IrisCsv), TimeSpan.FromMilliseconds(1500));

        var dataset = await client.Datasets.UploadAsync(slow, "slow.csv");

        Assert.Equal(150, dataset.RowCount);
    }

    private ServiceProvider Services(TransientFaults faults, Action<TrainingServiceClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddTrainingServiceClient(o =>
            {
                o.BaseAddress = factory.Server.BaseAddress;
                o.ApiKey = factory.TenantKey;
                configure?.Invoke(o);
            })
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                faults.InnerHandler = factory.Server.CreateHandler();
                return faults;
            });
        return services.BuildServiceProvider();
    }

    /// <summary>Answers the next <c>failures</c> requests with 503 itself, then passes requests to the server; counts them by method.</summary>
    private sealed class TransientFaults(int failures) : DelegatingHandler
    {
        private readonly Dictionary<HttpMethod, int> seen = [];
        private int remaining = failures;

        public int Seen(HttpMethod method)
        {
            lock (seen)
                return seen.GetValueOrDefault(method);
        }

        public void FailNext(int count) => Interlocked.Exchange(ref remaining, count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
                seen[request.Method] = seen.GetValueOrDefault(request.Method) + 1;
            return Interlocked.Decrement(ref remaining) >= 0
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request })
                : base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Yields its bytes in two halves with a pause between, as a slow disk or network would.</summary>
    private sealed class SlowStream(byte[] bytes, TimeSpan pause) : MemoryStream(bytes)
    {
        private bool paused;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!paused && Position >= Length / 2)
            {
                paused = true;
                await Task.Delay(pause, cancellationToken);
            }

            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Math.Max(1, Length / 2))], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
