using System.Globalization;
using TrainingService.Engine.Training;

namespace TrainingService.Bench.FashionMnist;

/// <summary>
/// What the end-to-end training benches measure around <see cref="Trainer.Fit"/>: the epoch times after the
/// first (epoch 1 includes JIT warm-up) and the managed bytes allocated per batch in steady state, i.e. from
/// the end of epoch 1's report to the start of epoch N's (the epochs' batches, their evaluation passes and
/// reports, ~1 KB per epoch; the per-batch path allocates nothing).
/// </summary>
internal sealed class EpochMeasure
{
    private readonly List<(long Before, long After)> _allocatedAtReport = [];
    private readonly List<TimeSpan> _cpuAtReport = [];

    /// <summary>Callbacks that print each epoch's row with <paramref name="print"/>, outside the allocation count.</summary>
    public TrainingCallbacks Callbacks(Action<EpochReport> print) => new()
    {
        EpochCompleted = r =>
        {
            _cpuAtReport.Add(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            print(r);
            _allocatedAtReport.Add((before, GC.GetTotalAllocatedBytes(precise: true)));
        },
    };

    /// <summary>Steady-state managed bytes per batch; NaN with fewer than two epochs.</summary>
    public double AllocatedPerBatch(int batchesPerEpoch) => _allocatedAtReport.Count < 2
        ? double.NaN
        : (double)(_allocatedAtReport[^1].Before - _allocatedAtReport[0].After) / ((_allocatedAtReport.Count - 1) * batchesPerEpoch);

    /// <summary>
    /// Median CPU time of the whole process (all threads) over epochs 2..N in seconds, report to report; NaN with one
    /// epoch. At one thread it barely moves with other processes' load, unlike the wall time: for A/B runs on a busy machine.
    /// </summary>
    public double MedianCpuSeconds()
    {
        double[] epochs = _cpuAtReport.Zip(_cpuAtReport.Skip(1), (a, b) => (b - a).TotalSeconds).Order().ToArray();
        return epochs.Length == 0 ? double.NaN : BenchStats.Median(epochs);
    }

    /// <summary>Median, min and max wall time of epochs 2..N in seconds (NaN with one epoch).</summary>
    public static (double Median, double Min, double Max) LaterEpochs(TrainingResult result)
    {
        double[] later = result.History.Skip(1).Select(r => r.Duration.TotalSeconds).Order().ToArray();
        return later.Length == 0 ? (double.NaN, double.NaN, double.NaN) : (BenchStats.Median(later), later[0], later[^1]);
    }

    /// <summary>The <c>median_s=… min_s=… max_s=…</c> keys of the benches' summary line.</summary>
    public static string SummaryTimes(TrainingResult result)
    {
        var (median, min, max) = LaterEpochs(result);
        return string.Create(CultureInfo.InvariantCulture, $"median_s={median:F4} min_s={min:F4} max_s={max:F4}");
    }
}
