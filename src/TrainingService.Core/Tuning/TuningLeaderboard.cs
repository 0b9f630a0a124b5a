using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>A tuning job's trials, best first by the objective (trials with none yet last, by index).</summary>
public static class TuningLeaderboard
{
    public static async Task<List<TrialStanding>> LoadAsync(TrainingServiceDbContext db, TuningJob tuning, CancellationToken ct)
    {
        var trials = await db.TrainingJobs.AsNoTracking().Where(j => j.TuningJobId == tuning.Id)
            .Select(j => new { j.Id, j.ModelId, j.TrialIndex, j.TrialParameters, j.Status, j.StopReason, j.EpochsCompleted, j.Error, j.CreatedAt, j.StartedAt, j.FinishedAt })
            .ToListAsync(ct);
        var points = (await TrialObjectives.LoadAsync(db, tuning, null, ct)).ToLookup(p => p.TrainingJobId);
        string goal = tuning.Objective.Goal!;
        var standings = trials.ConvertAll(t =>
        {
            var best = TrialObjectives.Best(points[t.Id], goal);
            return new TrialStanding(t.Id, t.ModelId, t.TrialIndex ?? 0, t.TrialParameters ?? new Dictionary<string, System.Text.Json.JsonElement>(),
                best?.Value, best?.Epoch, t.Status, t.StopReason, t.EpochsCompleted, t.Error, t.CreatedAt, t.StartedAt, t.FinishedAt);
        });
        double sign = goal == TuningMetric.Maximize ? -1 : 1;
        return standings.OrderBy(s => s.Objective is null).ThenBy(s => sign * (s.Objective ?? 0)).ThenBy(s => s.TrialIndex).ToList();
    }

    /// <summary>The best trial that succeeded (a pruned or failed trial's partial objective does not count).</summary>
    public static TrialStanding? Best(IEnumerable<TrialStanding> leaderboard) =>
        leaderboard.FirstOrDefault(s => s.Status == TrainingJobStatus.Succeeded && s.Objective is not null);
}
