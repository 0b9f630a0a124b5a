using Hangfire;
using Hangfire.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Tests.Hosting;

public sealed class HangfireLoggingTests
{
    /// <summary>
    /// Hangfire logs through one process-wide provider that the last host started sets. Tests run several hosts in
    /// one process: when one is disposed, the others' Hangfire must not hit its disposed logger factory.
    /// </summary>
    [Fact]
    public void GetLogger_HostThatConfiguredHangfireDisposed_DoesNotThrow()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=unused" })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTrainingServiceHangfire(configuration);
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IGlobalConfiguration>();
        provider.Dispose();

        var exception = Record.Exception(() => LogProvider.GetLogger(typeof(HangfireLoggingTests)).Log(LogLevel.Info, () => "after dispose"));

        Assert.Null(exception);
    }
}
