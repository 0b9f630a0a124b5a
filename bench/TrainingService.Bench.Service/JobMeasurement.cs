using System.Text.Json;

namespace TrainingService.Bench.Service;

/// <summary>
/// A finished job as the service reports it (startedAt/finishedAt, per-epoch durationMs), split into phases with the
/// Api log's timeline: wall = preparation + Σ epochs + Σ time between epochs + finish (from the last write's start: the
/// final evaluation, and the last write where it takes longer).
/// </summary>
internal sealed record JobMeasurement(double WallMs, double[] EpochMs, double? PrepareMs, double[] BetweenEpochsMs, double[] EpochWriteSqlMs, double[] CheckpointSqlMs, double? FinishMs)
{
    public double EpochSumMs => EpochMs.Sum();

    /// <summary>Everything outside the engine's epochs, relative to them.</summary>
    public double Overhead => (WallMs - EpochSumMs) / EpochSumMs;

    public static JobMeasurement From(JsonElement job, JsonElement[] history, JobTimeline timeline)
    {
        DateTimeOffset started = job.GetProperty("startedAt").GetDateTimeOffset();
        DateTimeOffset finished = job.GetProperty("finishedAt").GetDateTimeOffset();
        double[] epochMs = [.. history.Select(e => e.GetProperty("durationMs").GetDouble())];

        double? prepareMs = timeline.Prepared is { } prepared ? (prepared - started).TotalMilliseconds : null;
        double[] gaps = [];
        double? finishMs = null;
        if (timeline.Prepared is { } t0 && timeline.EpochWrites.Count == epochMs.Length)
        {
            // An epoch's write starts (off the training thread) as its epoch ends and runs while the next epoch trains, so
            // from one write's start (or preparation's end) to the next the engine ran durationMs; the rest is the training
            // thread's work between epochs (the trainer's setup, checkpoint capture) plus the change in serialization time.
            // Write ends are no boundary: a write's length (80-190 ms here) is not on the training thread.
            gaps = new double[epochMs.Length];
            DateTimeOffset previous = t0;
            for (int i = 0; i < epochMs.Length; i++)
            {
                gaps[i] = (timeline.EpochWrites[i].Started - previous).TotalMilliseconds - epochMs[i];
                previous = timeline.EpochWrites[i].Started;
            }
            finishMs = (finished - previous).TotalMilliseconds;
        }
        return new JobMeasurement((finished - started).TotalMilliseconds, epochMs, prepareMs, gaps,
            [.. timeline.EpochWrites.Select(w => w.SqlMs)], [.. timeline.EpochWrites.Select(w => w.CheckpointSqlMs ?? double.NaN)], finishMs);
    }
}
