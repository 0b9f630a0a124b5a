using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Events;

/// <summary>The Api with short stream heartbeats and polls, and a small cap on a tenant's open streams.</summary>
public sealed class EventsApiFactory : ApiFactory
{
    public const int MaxStreamsPerTenant = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EventStreams:HeartbeatSeconds", "1");
        builder.UseSetting("EventStreams:PollSeconds", "1");
        builder.UseSetting("EventStreams:MaxStreamsPerTenant", MaxStreamsPerTenant.ToString());
    }
}
