using System.Text.Json;

namespace TrainingService.Bench.Service;

/// <summary>
/// A finished job as the service reports it (startedAt/finishedAt, per-epoch durationMs), split into phases with the
/// Api log's timeline: wall = preparation + Σ epochs + Σ per-epoch writes + finish.
/// </summary>
internal sealed record JobMeasurement(double WallMs, double[] EpochMs, double? PrepareMs, double[] EpochWriteGapsMs, double[] EpochWriteSqlMs, double[] CheckpointSqlMs, double? FinishMs)
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
            // Between the end of one epoch's write (or of preparation) and the next, the engine ran durationMs; the rest
            // is the callback's work (checkpoint capture, serialization, three statements) and the trainer's setup.
            gaps = new double[epochMs.Length];
            DateTimeOffset previous = t0;
            for (int i = 0; i < epochMs.Length; i++)
            {
                gaps[i] = (timeline.EpochWrites[i].Ended - previous).TotalMilliseconds - epochMs[i];
                previous = timeline.EpochWrites[i].Ended;
            }
            finishMs = (finished - previous).TotalMilliseconds;
        }
        return new JobMeasurement((finished - started).TotalMilliseconds, epochMs, prepareMs, gaps,
            [.. timeline.EpochWrites.Select(w => w.SqlMs)], [.. timeline.EpochWrites.Select(w => w.CheckpointSqlMs ?? double.NaN)], finishMs);
    }
}
