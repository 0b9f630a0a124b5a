using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>The Api without a Hangfire server: jobs stay queued until a test runs them itself.</summary>
public sealed class QueuedOnlyApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workers:InProcess", "false");
    }
}
