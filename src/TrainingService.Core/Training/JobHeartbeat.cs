using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// While a worker holds a job: stamps <see cref="TrainingJob.LastHeartbeatAt"/> every heartbeat interval (from a
/// timer, so a job stuck in preparation or a long batch still shows its worker alive) and writes the engine's
/// within-epoch progress with it, at most every <see cref="ProgressInterval"/> and only when it moved; a progress
/// write wakes the event streams. A killed worker stops stamping, which is what makes the job read stale.
/// </summary>
public static class JobHeartbeat
{
    /// <summary>The event stream's progress events are at most about twice a second.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public static JobSideTask Start(
        IServiceScopeFactory scopes, Guid jobId, TrainingProgress progress, int batchSize, TimeSpan heartbeat, TimeProvider clock, ILogger logger) =>
        JobSideTask.Start(scopes, jobId, (db, stop) => BeatAsync(db, jobId, progress, batchSize, heartbeat, clock, logger, stop));

    private static async Task BeatAsync(
        TrainingServiceDbContext db, Guid jobId, TrainingProgress progress, int batchSize, TimeSpan heartbeat, TimeProvider clock, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ProgressInterval < heartbeat ? ProgressInterval : heartbeat);
        (int Epoch, int Batches) written = (0, 0);
        long lastBeat = clock.GetTimestamp();
        while (await timer.WaitForNextTickAsync(stop))
        {
            var now = progress.Read();
            bool moved = now != written && now.Epoch > 0;
            if (!moved && clock.GetElapsedTime(lastBeat) < heartbeat)
                continue;
            try
            {
                int? batchesPerEpoch = now.Epoch > 0 ? progress.BatchesPerEpoch : null;
                double elapsed = progress.EpochElapsed.TotalSeconds;
                double? samplesPerSecond = now.BatchesCompleted > 0 && elapsed > 0 ? (double)now.BatchesCompleted * batchSize / elapsed : null;
                var at = clock.GetUtcNow();
                int? batches = now.Epoch > 0 ? now.BatchesCompleted : null;
                // The progress columns describe epoch epochs_completed + 1. The previous epoch's row is written while
                // this one trains, so until it lands the counter is an epoch ahead of the row: keep the old progress
                // then (and only beat), rather than show this epoch's batches under the previous epoch's number.
                int previousEpoch = now.Epoch - 1;
                await db.TrainingJobs.Where(j => j.Id == jobId && TrainingJobStatuses.Held.Contains(j.Status)).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.LastHeartbeatAt, at)
                    .SetProperty(j => j.BatchesCompleted, j => j.EpochsCompleted == previousEpoch ? batches : j.BatchesCompleted)
                    .SetProperty(j => j.BatchesPerEpoch, j => j.EpochsCompleted == previousEpoch ? batchesPerEpoch : j.BatchesPerEpoch)
                    .SetProperty(j => j.LiveSamplesPerSecond, j => j.EpochsCompleted == previousEpoch ? samplesPerSecond : j.LiveSamplesPerSecond), stop);
                if (moved)
                    await TrainingJobEventLog.NotifyAsync(db, jobId, stop);
                (written, lastBeat) = (now, clock.GetTimestamp());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed beat only makes the job look stale for a while; the next tick tries again.
                logger.LogWarning(ex, "Training job {TrainingJobId}: heartbeat write failed", jobId);
            }
        }
    }
}
