using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Median pruning of a running trial, beside <see cref="CancellationWatcher"/> and like it a poll of the database:
/// after each new epoch in the trial's stored history, the trial's best objective so far is compared with the median
/// of the completed (succeeded) trials' objective at the same epoch; worse stops it, through the same token a user's
/// cancel trips, within a batch. Nothing happens for a job that is not a trial, or whose tuning job prunes nothing.
/// </summary>
public sealed class TrialPruning : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly JobSideTask _polling;

    private TrialPruning(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource stopTraining) =>
        _polling = JobSideTask.Start(scopes, jobId, (db, stop) => PollAsync(db, jobId, stopTraining, stop));

    /// <summary>True once this run pruned its trial (a re-run learns of an earlier run's prune from <see cref="IsPrunedAsync"/>).</summary>
    public bool Pruned { get; private set; }

    public static TrialPruning Start(IServiceScopeFactory scopes, Guid jobId, CancellationTokenSource stopTraining) => new(scopes, jobId, stopTraining);

    public ValueTask DisposeAsync() => _polling.DisposeAsync();

    /// <summary>
    /// The rule, as Optuna's MedianPruner: prune at epoch <paramref name="epoch"/> when it is past the warm-up, at
    /// least startupTrials trials completed, some of them reached this epoch, and the trial's best value so far is
    /// worse than their median here. A trial with no finite value yet past the warm-up is pruned too.
    /// </summary>
    public static bool ShouldPrune(TuningJob tuning, Guid trialId, int epoch, IReadOnlyCollection<Guid> completed, IReadOnlyCollection<ObjectivePoint> points)
    {
        var pruning = tuning.Pruning;
        if (!pruning.Enabled || epoch <= pruning.WarmupEpochs || completed.Count < pruning.StartupTrials)
            return false;
        var atEpoch = points.Where(p => p.Epoch == epoch && completed.Contains(p.TrainingJobId) && p.Value is { } v && double.IsFinite(v))
            .Select(p => p.Value!.Value).Order().ToArray();
        if (atEpoch.Length == 0)
            return false;
        double median = atEpoch.Length % 2 == 1 ? atEpoch[atEpoch.Length / 2] : (atEpoch[atEpoch.Length / 2 - 1] + atEpoch[atEpoch.Length / 2]) / 2;
        var best = TrialObjectives.Best(points.Where(p => p.TrainingJobId == trialId), tuning.Objective.Goal!);
        return best is null || TrialObjectives.IsBetter(median, best.Value.Value, tuning.Objective.Goal!);
    }

    /// <summary>
    /// The prune decision, stored: the cancel flag with the stop reason <see cref="StopReasons.Pruned"/> in one guarded
    /// update, so whichever run ends the trial (this one, or a re-run after this worker died before the end) ends it
    /// pruned, not cancelled (<see cref="IsPrunedAsync"/>). False when the trial ended or was cancelled meanwhile.
    /// </summary>
    public static async Task<bool> RecordAsync(TrainingServiceDbContext db, Guid jobId, CancellationToken ct) =>
        await db.TrainingJobs.Where(j => j.Id == jobId && j.Status == TrainingJobStatus.Running && !j.CancelRequested)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true).SetProperty(j => j.StopReason, StopReasons.Pruned), ct) == 1;

    /// <summary>Whether the job's stop was a prune (<see cref="RecordAsync"/>), by this run's pruner or an earlier run's.</summary>
    public static Task<bool> IsPrunedAsync(TrainingServiceDbContext db, Guid jobId, CancellationToken ct) =>
        db.TrainingJobs.AnyAsync(j => j.Id == jobId && j.CancelRequested && j.StopReason == StopReasons.Pruned, ct);

    private async Task PollAsync(TrainingServiceDbContext db, Guid jobId, CancellationTokenSource stopTraining, CancellationToken stop)
    {
        var tuningId = await db.TrainingJobs.Where(j => j.Id == jobId).Select(j => j.TuningJobId).SingleOrDefaultAsync(stop);
        var tuning = tuningId is null ? null : await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tuningId, stop);
        // Folds of one trial see different rows, so their epochs are no peers of other trials' folds: no pruning there.
        if (tuning is null || !tuning.Pruning.Enabled || tuning.CrossValidation is not null)
            return;

        int checkedEpoch = 0;
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                int epoch = await db.TrainingJobs.Where(j => j.Id == jobId).Select(j => j.EpochsCompleted).SingleAsync(stop);
                if (epoch == checkedEpoch)
                    continue;
                checkedEpoch = epoch;
                var completed = await db.TrainingJobs
                    .Where(j => j.TuningJobId == tuning.Id && j.TrialIndex != null && j.Status == TrainingJobStatus.Succeeded).Select(j => j.Id).ToListAsync(stop);
                if (completed.Count < tuning.Pruning.StartupTrials || epoch <= tuning.Pruning.WarmupEpochs)
                    continue;
                var points = await TrialObjectives.LoadAsync(db, tuning, epoch, stop);
                if (!ShouldPrune(tuning, jobId, epoch, completed, points))
                    continue;
                if (await RecordAsync(db, jobId, stop))
                {
                    Pruned = true;
                    await stopTraining.CancelAsync();
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed poll only delays a prune; the next tick asks again.
                checkedEpoch = 0;
            }
        }
    }
}
