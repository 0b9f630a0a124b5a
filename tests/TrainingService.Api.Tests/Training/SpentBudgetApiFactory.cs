using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// The Api without a worker (tests run jobs by hand) on a monotonic clock that moves an hour at every read: the run time
/// a job measures from the start of its attempt (before its preparation) to its first budget check is over an hour,
/// whatever the machine does, so a budget of an hour or less is spent before training starts.
/// </summary>
public sealed class SpentBudgetApiFactory : QueuedOnlyApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new HourPerReadClock()));
    }

    private sealed class HourPerReadClock : TimeProvider
    {
        private long _timestamp;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _timestamp, TimeSpan.TicksPerHour);
    }
}
