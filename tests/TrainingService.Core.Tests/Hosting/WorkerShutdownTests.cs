using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Tests.Hosting;

public sealed class WorkerShutdownTests
{
    [Fact]
    public void AddTrainingServiceWorkers_DefaultOptions_HostWaitsLongerThanHangfire()
    {
        var hostTimeout = HostShutdownTimeout(new WorkerOptions());

        Assert.Equal(TimeSpan.FromSeconds(new WorkerOptions().ShutdownTimeoutSeconds + WorkerOptions.HostShutdownMarginSeconds), hostTimeout);
        Assert.True(hostTimeout >= TimeSpan.FromSeconds(90), $"host shutdown timeout {hostTimeout} is shorter than the 90 s the deployment files assume");
    }

    [Fact]
    public void AddTrainingServiceWorkers_ConfiguredShutdownTimeout_HostTimeoutFollows()
    {
        var hostTimeout = HostShutdownTimeout(new WorkerOptions { ShutdownTimeoutSeconds = 200 });

        Assert.Equal(TimeSpan.FromSeconds(200 + WorkerOptions.HostShutdownMarginSeconds), hostTimeout);
    }

    private static TimeSpan HostShutdownTimeout(WorkerOptions workers)
    {
        var services = new ServiceCollection();
        services.AddOptions<WorkerOptions>().Configure(o => o.ShutdownTimeoutSeconds = workers.ShutdownTimeoutSeconds);
        services.AddTrainingServiceWorkers();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }
}
