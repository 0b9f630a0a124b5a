using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Core.Training;

/// <summary>
/// Polls a running job's cancel flag and trips a token when a user asks to cancel; the trainer checks the token
/// between batches, so a cancel takes effect within one poll interval plus one batch.
/// </summary>
public sealed class CancellationWatcher : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    private CancellationWatcher(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource cancelRequested) =>
        _polling = PollAsync(scopes, jobId, cancelRequested, _stop.Token);

    public static CancellationWatcher Start(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource cancelRequested) =>
        new(scopes, jobId, cancelRequested);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task PollAsync(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource cancelRequested, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        await TrainingJobRunner.EnterJobTenantAsync(db, jobId, stop);
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            bool requested;
            try
            {
                requested = await db.TrainingJobs.Where(j => j.Id == jobId).Select(j => j.CancelRequested).SingleOrDefaultAsync(stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed poll only delays a cancel; the next tick asks again.
                continue;
            }

            if (requested)
            {
                await cancelRequested.CancelAsync();
                return;
            }
        }
    }
}
