using System.Diagnostics;
using TrainingService.Bench.FashionMnist;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

namespace TrainingService.Bench.Service;

/// <summary>What one engine-only run measured: each epoch's own duration, and the checkpoint the service would write after it.</summary>
internal sealed record EngineRun(double[] EpochMs, double[] CheckpointSerializeMs, int CheckpointBytes);

/// <summary>
/// The engine alone, doing the work the service's job does: the same 784-256-128-10 ReLU/softmax network (He-normal,
/// like the model's default "he"), Adam 1e-3, cross-entropy, the same batch size, epochs, threads and seed, all
/// 60000 rows, no validation; pixels scaled to [0, 1].
/// </summary>
internal static class EngineReference
{
    public static EngineRun Run(TrainingData train, int epochs, int batchSize, int threads, long seed, CancellationToken ct)
    {
        Network network = new NetworkBuilder(FashionMnistData.Pixels)
            .Dense(256, ActivationKind.Relu)
            .Dense(128, ActivationKind.Relu)
            .Dense(FashionMnistData.Classes, ActivationKind.Softmax)
            .WithInitializer(InitializerKind.HeNormal)
            .WithSeed((ulong)seed)
            .Build(maxBatchSize: batchSize, maxThreads: threads);
        var options = new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Shuffle = true,
            Loss = LossKind.CategoricalCrossEntropy,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 1e-3f },
            MaxThreads = threads,
            Seed = (ulong)seed,
        };
        var serializeMs = new List<double>();
        int checkpointBytes = 0;
        // Serializing the checkpoint is the CPU part of the service's per-epoch write; timed here outside the epoch, as there.
        var callbacks = new TrainingCallbacks
        {
            CheckpointCreated = checkpoint =>
            {
                long start = Stopwatch.GetTimestamp();
                checkpointBytes = checkpoint.ToBytes().Length;
                serializeMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            },
        };
        TrainingResult result = Trainer.Fit(network, train, null, options, callbacks, cancellationToken: ct);
        ct.ThrowIfCancellationRequested();
        return new EngineRun([.. result.History.Select(r => r.Duration.TotalMilliseconds)], [.. serializeMs], checkpointBytes);
    }
}
