using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

/// <summary>A run cut short by cancellation or its time limit returns a completed epoch's weights, never a partial epoch's.</summary>
public sealed class TrainerInterruptedTests
{
    [Fact]
    public void Fit_MaxRuntimeMidEpoch_ReturnsTheLastCompletedEpochsWeights()
    {
        // Batches of one over 4,000 rows: the limit falls inside an epoch (where exactly does not matter to the assertions).
        TrainingData data = TrainingDataSets.Regression(4000, inputs: 3, outputs: 1, seed: 5);
        Network network = Build();
        TrainingCheckpoint? last = null;
        var options = new TrainerOptions { Epochs = 100_000, BatchSize = 1, Loss = LossKind.MeanSquaredError, MaxRuntime = TimeSpan.FromMilliseconds(300) };

        TrainingResult result = Trainer.Fit(network, data, null, options, new TrainingCallbacks { CheckpointCreated = c => last = c });

        Assert.Equal(StopReason.MaxRuntime, result.StopReason);
        Assert.Equal(result.EpochsCompleted, result.WeightsEpoch);
        AssertSameWeights(last?.ReadNetwork() ?? Build(), network);
    }

    [Fact]
    public void Fit_CancelledMidEpoch_ReturnsTheLastCompletedEpochsWeights()
    {
        TrainingData data = TrainingDataSets.Regression(4000, inputs: 3, outputs: 1, seed: 6);
        Network network = Build();
        TrainingCheckpoint? last = null;
        using var cancel = new CancellationTokenSource();
        var options = new TrainerOptions { Epochs = 100_000, BatchSize = 1, Loss = LossKind.MeanSquaredError };
        // After the first epoch, cancel a little later: inside a following epoch.
        var callbacks = new TrainingCallbacks { CheckpointCreated = c => { last = c; cancel.CancelAfter(TimeSpan.FromMilliseconds(20)); } };

        TrainingResult result = Trainer.Fit(network, data, null, options, callbacks, cancellationToken: cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.True(result.EpochsCompleted >= 1);
        Assert.Equal(result.EpochsCompleted, result.WeightsEpoch);
        AssertSameWeights(last!.ReadNetwork(), network);
    }

    [Fact]
    public void Fit_CancelledWithEarlyStoppingKeepingBest_ReturnsTheBestEpochsWeights()
    {
        // minDelta so large that only the first epoch counts as an improvement: epoch 1 stays the best.
        TrainingData data = TrainingDataSets.Regression(64, inputs: 3, outputs: 1, seed: 7);
        Network network = Build();
        var checkpoints = new List<TrainingCheckpoint>();
        using var cancel = new CancellationTokenSource();
        var options = new TrainerOptions
        {
            Epochs = 10, BatchSize = 8, Loss = LossKind.MeanSquaredError,
            EarlyStopping = new EarlyStoppingOptions { Monitor = MetricMonitor.TrainLoss, Patience = 100, MinDelta = 1e9, RestoreBestWeights = true },
        };
        var callbacks = new TrainingCallbacks
        {
            CheckpointCreated = c =>
            {
                checkpoints.Add(c);
                if (c.Epoch == 3) cancel.Cancel(); // observed before the fourth epoch's first batch
            },
        };

        TrainingResult result = Trainer.Fit(network, data, null, options, callbacks, cancellationToken: cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(1, result.WeightsEpoch);
        AssertSameWeights(checkpoints[0].ReadNetwork(), network);
    }

    [Fact]
    public void Fit_CompletedAndEarlyStopped_ReportWhichEpochsWeightsTheyReturn()
    {
        TrainingData data = TrainingDataSets.Regression(64, inputs: 3, outputs: 1, seed: 8);
        var plain = new TrainerOptions { Epochs = 4, BatchSize = 8, Loss = LossKind.MeanSquaredError };
        var early = plain with
        {
            Epochs = 10,
            EarlyStopping = new EarlyStoppingOptions { Monitor = MetricMonitor.TrainLoss, Patience = 2, MinDelta = 1e9, RestoreBestWeights = true },
        };

        Assert.Equal(4, Trainer.Fit(Build(), data, null, plain).WeightsEpoch);
        TrainingResult stopped = Trainer.Fit(Build(), data, null, early);
        Assert.Equal(StopReason.EarlyStopping, stopped.StopReason);
        Assert.Equal(1, stopped.WeightsEpoch);
    }

    private static void AssertSameWeights(Network expected, Network actual)
    {
        for (int p = 0; p < actual.Parameters.Count; p++)
            Assert.Equal(expected.Parameters[p].Value, actual.Parameters[p].Value);
    }

    private static Network Build() =>
        new NetworkBuilder(3).Dense(8, ActivationKind.Tanh).BatchNormalization().Dense(1).WithSeed(9).Build(maxBatchSize: 8);
}
