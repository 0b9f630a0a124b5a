using System.Diagnostics;
using System.Globalization;
using TrainingService.Engine;
using TrainingService.Engine.Kernels;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

namespace TrainingService.Bench.FashionMnist;

/// <summary>
/// Diagnostic (<c>--profile</c>): where a training epoch's time goes. Runs the trainer's batch step
/// through the public API phase by phase (gather, forward, loss + backward, optimizer step) over one
/// shuffled epoch (or its first <c>rows</c> rows, for large data sets), then the same epoch's GEMMs per
/// batch alone on scratch buffers of the same shapes, and prints each phase's share. Each is measured
/// several times, interleaved, medians kept. The phases take the optimizer step as a separate pass; the trainer
/// updates each layer during back-propagation instead (ADR-020), so the same rows also go through
/// <see cref="Trainer.Fit"/> for one epoch ("Trainer.Fit"). It trains <paramref name="network"/> further.
/// </summary>
internal static class PhaseProfile
{
    public static void Run(
        Network network, TrainingData train, int batchSize, int threads, LossKind lossKind, OptimizerSpec optimizerSpec,
        int repeats = 5, int? rows = null)
    {
        int inputSize = train.InputSize, targetSize = train.TargetSize;
        var features = new float[batchSize * inputSize];
        var targets = new float[batchSize * targetSize];
        ILoss loss = LossFactory.Create(lossKind);
        IOptimizer optimizer = OptimizerFactory.Create(optimizerSpec);
        float learningRate = optimizerSpec.EffectiveLearningRate();
        if (optimizer is IParallelOptimizer parallel)
            parallel.MaxThreads = threads;
        int[] order = Enumerable.Range(0, Math.Min(rows ?? train.Rows, train.Rows)).ToArray();
        new Random(1).Shuffle(order);
        int[] widths = [inputSize, .. network.Layers.Select(l => l.OutputSize)];
        var gemm = new GemmShapes(widths, batchSize);
        TrainingData rowsToFit = order.Length == train.Rows ? train : new TrainingData(
            train.Features[..(order.Length * inputSize)], train.Targets[..(order.Length * targetSize)], inputSize, targetSize);
        var fitOptions = new TrainerOptions
        {
            Epochs = 1, BatchSize = batchSize, Loss = lossKind, Optimizer = optimizerSpec, MaxThreads = threads,
        };

        // The optimizer step again on one thread, to show what splitting it across threads gains.
        IOptimizer serialOptimizer = OptimizerFactory.Create(optimizerSpec);
        var phases = new[] { "gather", "forward", "loss+backward", "optimizer", "GEMMs alone", "optimizer 1T", "GEMMs forward", "Trainer.Fit" };
        var samples = phases.Select(_ => new List<double>()).ToArray();
        for (int rep = 0; rep < repeats + 1; rep++)
        {
            var ticks = new long[phases.Length];
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int batch = Math.Min(batchSize, order.Length - start);
                long t0 = Stopwatch.GetTimestamp();
                for (int r = 0; r < batch; r++)
                {
                    int row = order[start + r];
                    train.Features.AsSpan(row * inputSize, inputSize).CopyTo(features.AsSpan(r * inputSize));
                    train.Targets.AsSpan(row * targetSize, targetSize).CopyTo(targets.AsSpan(r * targetSize));
                }
                long t1 = Stopwatch.GetTimestamp();
                network.ZeroGradients();
                network.Forward(features.AsSpan(0, batch * inputSize), batch, training: true);
                long t2 = Stopwatch.GetTimestamp();
                network.Backward(loss, targets.AsSpan(0, batch * targetSize), batch);
                long t3 = Stopwatch.GetTimestamp();
                optimizer.Step(network.Parameters, learningRate);
                long t4 = Stopwatch.GetTimestamp();
                ticks[0] += t1 - t0; ticks[1] += t2 - t1; ticks[2] += t3 - t2; ticks[3] += t4 - t3;
            }
            long g0 = Stopwatch.GetTimestamp();
            for (int start = 0; start < order.Length; start += batchSize)
                gemm.RunBatch(Math.Min(batchSize, order.Length - start), threads);
            ticks[4] = Stopwatch.GetTimestamp() - g0;
            long f0 = Stopwatch.GetTimestamp();
            for (int start = 0; start < order.Length; start += batchSize)
                gemm.RunForward(Math.Min(batchSize, order.Length - start), threads);
            ticks[6] = Stopwatch.GetTimestamp() - f0;
            long fit0 = Stopwatch.GetTimestamp();
            Trainer.Fit(network, rowsToFit, null, fitOptions);
            ticks[7] = Stopwatch.GetTimestamp() - fit0;
            long o0 = Stopwatch.GetTimestamp();
            for (int start = 0; start < order.Length; start += batchSize)
                serialOptimizer.Step(network.Parameters, 0f);
            ticks[5] = Stopwatch.GetTimestamp() - o0;
            if (rep == 0) continue; // warm-up
            for (int p = 0; p < phases.Length; p++)
                samples[p].Add(ticks[p] / (double)Stopwatch.Frequency);
        }

        double[] median = samples.Select(BenchStats.Median).ToArray();
        double step = median[0] + median[1] + median[2] + median[3];
        Console.WriteLine($"profile: {threads} thread(s), batch {batchSize}, one epoch of {order.Length} rows, medians of {repeats}");
        for (int p = 0; p < phases.Length; p++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phases[p],-14} {median[p] * 1000,8:F1} ms  {median[p] / step * 100,5:F1} % of the step loop"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"step loop",-14} {step * 1000,8:F1} ms; not GEMM ≈ {(step - median[4]) * 1000:F1} ms ({(step - median[4]) / step * 100:F1} %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"Trainer.Fit",-14} {median[7] * 1000,8:F1} ms = {median[7] / median[4]:F2}× the GEMMs alone (layer-wise update, one epoch of the same rows)"));
    }

    /// <summary>Scratch operands for the GEMMs of one batch step of a dense stack of the given widths.</summary>
    private sealed class GemmShapes
    {
        private readonly int[] _widths;
        private readonly float[][] _activations, _gradients, _weights, _weightGradients;

        public GemmShapes(int[] widths, int batch)
        {
            _widths = widths;
            var random = new Random(2);
            float[] Filled(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            _activations = widths.Select(w => Filled(batch * w)).ToArray();
            _gradients = widths.Select(w => Filled(batch * w)).ToArray();
            _weights = widths.Skip(1).Select((w, i) => Filled(widths[i] * w)).ToArray();
            _weightGradients = widths.Skip(1).Select((w, i) => new float[widths[i] * w]).ToArray();
        }

        public void RunBatch(int batch, int threads)
        {
            RunForward(batch, threads);
            for (int l = _weights.Length - 1; l >= 0; l--)
            {
                Gemm.Multiply(true, false, _widths[l], _widths[l + 1], batch, _activations[l], _widths[l], _gradients[l + 1], _widths[l + 1],
                    _weightGradients[l], _widths[l + 1], 1f, threads);
                if (l > 0)
                    Gemm.Multiply(false, true, batch, _widths[l], _widths[l + 1], _gradients[l + 1], _widths[l + 1], _weights[l], _widths[l + 1],
                        _gradients[l], _widths[l], 0f, threads);
            }
        }

        /// <summary>The forward GEMMs of <see cref="RunBatch"/> alone, to set against the forward phase.</summary>
        public void RunForward(int batch, int threads)
        {
            for (int l = 0; l < _weights.Length; l++)
                Gemm.Multiply(false, false, batch, _widths[l + 1], _widths[l], _activations[l], _widths[l], _weights[l], _widths[l + 1],
                    _activations[l + 1], _widths[l + 1], 0f, threads);
        }
    }
}
