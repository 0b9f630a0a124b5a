using Hangfire;
using Microsoft.Extensions.Hosting;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Registers the coordinator's minutely sweep as a Hangfire recurring job when a host starts (every host that trains
/// or takes tuning jobs; the registration is idempotent, and Hangfire runs it on one server at a time).
/// </summary>
internal sealed class TuningSweepRegistration(IRecurringJobManager recurringJobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<TuningCoordinator>(TuningCoordinator.SweepJobId, c => c.SweepAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
