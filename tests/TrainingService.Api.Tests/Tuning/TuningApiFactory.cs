using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Tuning;

/// <summary>
/// The Api with three in-process workers of one engine thread each: more workers than a tuning job's maxParallel, so
/// a coordinator that queued too many trials would have them run at once.
/// </summary>
public sealed class TuningApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workers:WorkerCount", "3");
        builder.UseSetting("Workers:EngineThreadsPerJob", "1");
    }
}
