using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainerAllocationTests
{
    [Fact]
    public void Fit_EightTimesMoreBatches_AllocatesNoMorePerBatch()
    {
        // Same data and epochs, 4 vs 32 batches per epoch: per-run and per-epoch allocations (buffers,
        // reports) are alike, so any difference beyond small buffer-size effects would be per batch.
        TrainingData data = TrainingDataSets.Spirals(64, seed: 1);
        Measure(data, batchSize: 32); // JIT warm-up

        long fewBatches = Measure(data, batchSize: 32);
        long manyBatches = Measure(data, batchSize: 4);

        long extraBatches = 3 * (32 - 4);
        Assert.True(manyBatches - fewBatches < extraBatches * 8,
            $"{manyBatches - fewBatches} more bytes for {extraBatches} more batches");
    }

    [Fact]
    public void Fit_LayerwiseUpdateWithoutClipping_AllocatesNoMorePerBatch()
    {
        // Without global-norm clipping each layer is updated during back-propagation (ADR-020): a path of its own.
        TrainingData data = TrainingDataSets.Spirals(64, seed: 1);
        Measure(data, batchSize: 32, clipNorm: null); // JIT warm-up

        long fewBatches = Measure(data, batchSize: 32, clipNorm: null);
        long manyBatches = Measure(data, batchSize: 4, clipNorm: null);

        long extraBatches = 3 * (32 - 4);
        Assert.True(manyBatches - fewBatches < extraBatches * 8,
            $"{manyBatches - fewBatches} more bytes for {extraBatches} more batches");
    }

    [Fact]
    public void Fit_WithProgressCounter_AllocatesNoMorePerBatchAndEndsAtTheLastBatch()
    {
        TrainingData data = TrainingDataSets.Spirals(64, seed: 1);
        var progress = new TrainingProgress();
        Measure(data, batchSize: 32, progress); // JIT warm-up

        long fewBatches = Measure(data, batchSize: 32, progress);
        long manyBatches = Measure(data, batchSize: 4, progress);

        long extraBatches = 3 * (32 - 4);
        Assert.True(manyBatches - fewBatches < extraBatches * 8,
            $"{manyBatches - fewBatches} more bytes for {extraBatches} more batches");
        Assert.Equal((3, 32), progress.Read());
        Assert.Equal(32, progress.BatchesPerEpoch);
    }

    /// <summary>
    /// The least of three runs' allocations: the thread's counter can be off by up to an allocation quantum when another
    /// thread's collection resets this thread's allocation context (see <see cref="AllocationMeter"/>; seen once here as
    /// 1,568 extra bytes in a full suite run), while an allocation per batch shows in every run.
    /// </summary>
    private static long Measure(TrainingData data, int batchSize, TrainingProgress? progress = null, float? clipNorm = 1f) =>
        Math.Min(MeasureOnce(data, batchSize, progress, clipNorm), Math.Min(MeasureOnce(data, batchSize, progress, clipNorm), MeasureOnce(data, batchSize, progress, clipNorm)));

    private static long MeasureOnce(TrainingData data, int batchSize, TrainingProgress? progress, float? clipNorm)
    {
        Network network = new NetworkBuilder(2).Dense(16, ActivationKind.Relu).Dropout(0.1f).Dense(2, ActivationKind.Softmax).WithSeed(1).Build(maxBatchSize: 32);
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = batchSize, Loss = LossKind.CategoricalCrossEntropy, L2 = 1e-4f, GradientClipNorm = clipNorm, MaxNorm = 2f,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam },
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        Trainer.Fit(network, data, data, options, new TrainingCallbacks { Progress = progress });
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
