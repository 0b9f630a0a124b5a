using System.Net;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Events;

/// <summary>A stream with nothing to send for a long while (heartbeat at the 300 s maximum) still answers at once.</summary>
public sealed class QuietStreamTests(QuietStreamTests.Factory factory) : IClassFixture<QuietStreamTests.Factory>
{
    [Fact]
    public async Task TenantEvents_NothingToSend_HeadersArriveBeforeAnyEventOrHeartbeat()
    {
        var client = factory.CreateClient();

        // A liveness bound far below the heartbeat: without the headers sent up front, this waits 300 s.
        using var response = await client.GetAsync("/api/training-jobs/events", HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    public sealed class Factory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EventStreams:HeartbeatSeconds", "300");
            builder.UseSetting("EventStreams:PollSeconds", "60");
        }
    }
}
