using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Core.Training;

/// <summary>
/// Polls a running job's cancel flag and trips a token when a user asks to cancel; the trainer checks the token
/// between batches, so a cancel takes effect within one poll interval plus one batch.
/// </summary>
public static class CancellationWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static JobSideTask Start(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource cancelRequested) =>
        JobSideTask.Start(scopes, jobId, (db, stop) => PollAsync(db, jobId, cancelRequested, stop));

    private static async Task PollAsync(TrainingServiceDbContext db, Guid jobId, CancellationTokenSource cancelRequested, CancellationToken stop)
    {
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
