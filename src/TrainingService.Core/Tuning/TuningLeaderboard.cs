using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainingService.Core.CrossValidation;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>A tuning job's trials, best first by the objective (trials with none yet last, by index).</summary>
public static class TuningLeaderboard
{
    public static async Task<List<TrialStanding>> LoadAsync(TrainingServiceDbContext db, TuningJob tuning, CancellationToken ct)
    {
        var jobs = await db.TrainingJobs.AsNoTracking().Where(j => j.TuningJobId == tuning.Id && j.TrialIndex != null)
            .Select(j => new TrialJob(j.Id, j.ModelId, j.TrialIndex!.Value, j.TrialFold, j.TrialParameters, j.Status, j.StopReason, j.EpochsCompleted, j.Error, j.CreatedAt, j.StartedAt, j.FinishedAt))
            .ToListAsync(ct);
        var points = (await TrialObjectives.LoadAsync(db, tuning, null, ct)).ToLookup(p => p.TrainingJobId);
        string goal = tuning.Objective.Goal!;
        var standings = jobs.GroupBy(j => j.TrialIndex).Select(trial => tuning.CrossValidation is { } cv
            ? CrossValidated([.. trial.OrderBy(j => j.TrialFold)], cv.Folds, points, goal)
            : Single(trial.Single(), points, goal)).ToList();
        double sign = goal == TuningMetric.Maximize ? -1 : 1;
        return standings.OrderBy(s => s.Objective is null).ThenBy(s => sign * (s.Objective ?? 0)).ThenBy(s => s.TrialIndex).ToList();
    }

    private static TrialStanding Single(TrialJob t, ILookup<Guid, ObjectivePoint> points, string goal)
    {
        var best = TrialObjectives.Best(points[t.Id], goal);
        return new TrialStanding(t.Id, t.ModelId, t.TrialIndex, t.Parameters ?? new Dictionary<string, JsonElement>(),
            best?.Value, best?.Epoch, t.Status, t.StopReason, t.EpochsCompleted, t.Error, t.CreatedAt, t.StartedAt, t.FinishedAt);
    }

    /// <summary>A trial's folds summed up: mean ± sample standard deviation of their objectives, their worst status.</summary>
    private static TrialStanding CrossValidated(List<TrialJob> folds, int k, ILookup<Guid, ObjectivePoint> points, string goal)
    {
        var standings = folds.ConvertAll(f =>
        {
            var best = TrialObjectives.Best(points[f.Id], goal);
            return new FoldStanding(f.Id, f.TrialFold ?? 0, best?.Value, best?.Epoch, f.Status);
        });
        var spread = MetricSpread.Of([.. standings.Where(f => f.Objective is not null).Select(f => f.Objective!.Value)]);
        var status = TrialStatus(folds.ConvertAll(f => f.Status), k);
        var first = folds[0];
        return new TrialStanding(first.Id, first.ModelId, first.TrialIndex, first.Parameters ?? new Dictionary<string, JsonElement>(),
            spread?.Mean, null, status, null, folds.Sum(f => f.EpochsCompleted), folds.Select(f => f.Error).FirstOrDefault(e => e is not null),
            first.CreatedAt, folds.Min(f => f.StartedAt), folds.Count == k ? folds.Max(f => f.FinishedAt) : null, spread?.Std, standings);
    }

    /// <summary>
    /// A cross-validated trial's status from its fold jobs' (<paramref name="k"/> folds, some maybe not created yet):
    /// running while any fold runs, queued while any waits (or folds are still to come), succeeded when all did,
    /// else failed if any failed, else cancelled.
    /// </summary>
    public static TrainingJobStatus TrialStatus(IReadOnlyCollection<TrainingJobStatus> folds, int k) =>
        folds.Contains(TrainingJobStatus.Running) ? TrainingJobStatus.Running
        : folds.Contains(TrainingJobStatus.Queued) || folds.Count < k && folds.All(s => s == TrainingJobStatus.Succeeded) ? TrainingJobStatus.Queued
        : folds.All(s => s == TrainingJobStatus.Succeeded) ? TrainingJobStatus.Succeeded
        : folds.Contains(TrainingJobStatus.Failed) ? TrainingJobStatus.Failed
        : TrainingJobStatus.Cancelled;

    private sealed record TrialJob(
        Guid Id, Guid ModelId, int TrialIndex, int? TrialFold, IReadOnlyDictionary<string, JsonElement>? Parameters, TrainingJobStatus Status,
        string? StopReason, int EpochsCompleted, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

    /// <summary>The best trial that succeeded (a pruned or failed trial's partial objective does not count).</summary>
    public static TrialStanding? Best(IEnumerable<TrialStanding> leaderboard) =>
        leaderboard.FirstOrDefault(s => s.Status == TrainingJobStatus.Succeeded && s.Objective is not null);
}
