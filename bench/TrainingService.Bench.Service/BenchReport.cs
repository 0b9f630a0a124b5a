namespace TrainingService.Bench.Service;

/// <summary>The one table the bench ends with: medians, ranges, ratios, and where the job's extra time went.</summary>
internal static class BenchReport
{
    private const double Target = 0.10;

    public static void Print(
        ServiceBenchOptions options, long csvBytes, Stats uploadMbps, EngineRun engineBefore, EngineRun engineAfter, JobMeasurement job,
        PreparationTimes preparation)
    {
        var engine = Stats.Of([.. engineBefore.EpochMs, .. engineAfter.EpochMs]);
        var checkpointSerializeMs = Stats.Of([.. engineBefore.CheckpointSerializeMs, .. engineAfter.CheckpointSerializeMs]);
        int checkpointBytes = engineAfter.CheckpointBytes;
        var jobEpoch = Stats.Of(job.EpochMs);
        double engineTotalMs = engine.Median * options.Epochs;

        Console.WriteLine();
        Console.WriteLine($"Service benchmark: Fashion-MNIST CSV 60000x785 (integer pixels 0-255, {csvBytes / 1e6:F1} MB), {options.Epochs} epochs, batch {options.BatchSize}, " +
            $"{options.Threads} engine thread(s), minMax preprocessing, validationSplit 0; MB = 10^6 bytes");
        Console.WriteLine($"{"measure",-60} {"median",10} {"min - max",21} {"n",4}");
        Row("upload + import, CSV bytes / time to 201 (MB/s)", uploadMbps, "F1");
        Row("engine alone, epoch time (ms; runs before + after the job)", engine, "F0");
        Row("training job, epoch durationMs (ms)", jobEpoch, "F0");
        Line("ratio job epoch / engine epoch (medians)", $"{jobEpoch.Median / engine.Median:F3}");
        Line("epoch 1 (JIT warm-up), job / engine's first run (ms)", $"{job.EpochMs[0]:F0}", $"engine {engineBefore.EpochMs[0]:F0}, ratio {job.EpochMs[0] / engineBefore.EpochMs[0]:F2}");
        Line("job wall time, startedAt -> finishedAt (ms)", $"{job.WallMs:F0}");
        Line("sum of the job's epoch durationMs (ms)", $"{job.EpochSumMs:F0}");
        Line("overhead: (wall - sum epochs) / sum epochs", $"{job.Overhead:P1}", job.Overhead <= Target ? "target <= 10%: met" : "target <= 10%: NOT met");
        double vsEngine = (job.WallMs - engineTotalMs) / engineTotalMs;
        Line($"job wall vs engine alone ({options.Epochs} x engine median epoch)", $"{vsEngine:P1}", vsEngine <= Target ? "target <= 10%: met" : "target <= 10%: NOT met");

        Console.WriteLine();
        Console.WriteLine("Where the job's time outside its epochs goes (wall = preparation + epochs + time between epochs + finish;");
        Console.WriteLine("'re-run': the same Core code run again in this process on the same database after the job, median of 3):");
        Line("preparation, startedAt -> 'N training rows' log (ms)", Ms(job.PrepareMs), Share(job.PrepareMs, job));
        Line("  re-run: the whole preparation (ms)", $"{preparation.PrepareMs:F0}");
        Line("  re-run: stream 784 columns into the matrix, with statistics (ms)", $"{preparation.StreamMs:F0}");
        Line("  re-run: encode the 60000x784 matrix in place (ms)", $"{preparation.EncodeMs:F0}");
        if (job.BetweenEpochsMs.Length > 0)
        {
            var gaps = Stats.Of(job.BetweenEpochsMs);
            Line("between epochs, outside durationMs: sum (ms)", $"{job.BetweenEpochsMs.Sum():F0}", Share(job.BetweenEpochsMs.Sum(), job));
            Row("  per epoch (ms; epoch 1 includes the trainer's set-up)", gaps, "F0");
            Row("  the epoch's write, beside the next epoch: SQL (ms)", Stats.Of(job.EpochWriteSqlMs), "F0");
            Row("    of it the checkpoint upsert (ms)", Stats.Of(job.CheckpointSqlMs), "F0");
            Row($"  checkpoint serialization, {checkpointBytes / 1e6:F2} MB, engine runs (ms)", checkpointSerializeMs, "F1");
        }
        else
        {
            Line("between epochs", "n/a", "the Api log had no per-epoch SQL timeline");
        }
        Line("finish: last epoch's write starts -> finishedAt (ms)", Ms(job.FinishMs), Share(job.FinishMs, job));
        Line($"  re-run: trained-model serialization, {preparation.ModelBytes / 1e6:F2} MB (ms)", $"{preparation.ModelWriteMs:F0}");
        double perEpochShare = job.BetweenEpochsMs.Length > 0 ? job.BetweenEpochsMs.Sum() / job.EpochSumMs : double.NaN;
        double fixedMs = (job.PrepareMs ?? 0) + (job.FinishMs ?? 0);
        double room = Target - perEpochShare;
        if (room > 0 && job.EpochMs.Length > 0)
        {
            double epochsNeeded = fixedMs / (room * jobEpoch.Median);
            Line("epochs for preparation + finish to fall under 10%", $"{Math.Ceiling(epochsNeeded):F0}",
                $"between epochs alone: {perEpochShare:P1}");
        }
        else if (room <= 0)
        {
            Line("epochs for preparation + finish to fall under 10%", "never", $"between epochs alone: {perEpochShare:P1}");
        }

        void Row(string name, Stats s, string format) =>
            Console.WriteLine($"{name,-60} {s.Median.ToString(format),10} {$"{s.Min.ToString(format)} - {s.Max.ToString(format)}",21} {s.Count,4}");

        static void Line(string name, string value, string? note = null) =>
            Console.WriteLine($"{name,-60} {value,10} {note}");

        static string Share(double? value, JobMeasurement job) => value is { } v ? $"{v / job.EpochSumMs:P1} of sum epochs" : "";
    }

    /// <summary>
    /// The job run again in the same process: what a worker that has run a job before adds to its epochs, when it
    /// prepares the data again (another seed) and when it reuses the rows it prepared for the job before.
    /// </summary>
    public static void PrintWarmJobs(JobMeasurement first, JobMeasurement warm, JobMeasurement reused)
    {
        Console.WriteLine();
        Console.WriteLine($"{"the job: first in a fresh process / warm / warm, same data",-60} {"first",10} {"warm",10} {"reused",10}");
        Row("overhead: (wall - sum epochs) / sum epochs", j => $"{j.Overhead:P1}",
            $"target <= 10%: warm {Verdict(warm)}, reused {Verdict(reused)}");
        Row("preparation (ms)", j => Ms(j.PrepareMs));
        Row("between epochs, sum (ms)", j => $"{j.BetweenEpochsMs.Sum():F0}");
        Row("finish (ms)", j => Ms(j.FinishMs));
        Row("sum of epochs (ms)", j => $"{j.EpochSumMs:F0}");

        void Row(string name, Func<JobMeasurement, string> value, string? note = null) =>
            Console.WriteLine($"{name,-60} {value(first),10} {value(warm),10} {value(reused),10} {note}");
        static string Verdict(JobMeasurement job) => job.Overhead <= Target ? "met" : "NOT met";
    }

    private static string Ms(double? value) => value is { } v ? $"{v:F0}" : "n/a";

    public static void PrintPredictions(PredictionLatencies[] apis)
    {
        Console.WriteLine();
        Console.WriteLine($"Prediction latency over loopback HTTP, POST /api/models/{{id}}/predictions (stored), alternating rounds; " +
            $"one row paced at {PredictionLatency.RequestsPerSecond:F0} requests/s (targets: p50 <= 2 ms, p99 <= 10 ms):");
        Console.WriteLine($"{"api",-20} {"1 row p50",10} {"1 row p99",10} {"n",5} {"1000 rows median",17} {"n",4}");
        foreach (var api in apis)
            Console.WriteLine($"{api.Name,-20} {PredictionLatency.Percentile(api.OneRowMs, 50),10:F2} {PredictionLatency.Percentile(api.OneRowMs, 99),10:F2} " +
                $"{api.OneRowMs.Length,5} {Stats.Of(api.ThousandRowsMs).Median,17:F1} {api.ThousandRowsMs.Length,4}");
    }
}
